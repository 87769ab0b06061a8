package io.quiver.core.impl.pr;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.LuTask;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PERSISTENT RESERVE OUT (SPC-4 6.17) at one logical unit: checks the CDB, receives the parameter list,
 * then, on the executor (persisting and PREEMPT AND ABORT may block), applies the service action to the
 * {@link PrState} under its lock, persists it if APTPL asks, raises the unit attentions the action calls
 * for and aborts preempted tasks. Refused with RESERVATION CONFLICT under an SPC-2 reservation.
 *
 * <p>Thread-safe: every access to the state holds the {@link PrState} lock, as {@link ReservationService} does.
 */
final class PersistentReserveOut {

    private static final Logger LOG = LoggerFactory.getLogger(ReservationService.class);
    private static final long MAX_PARAMETER_LIST = 1 << 20;

    private final LogicalUnitContext context;
    private final Executor executor;
    private final PrState state;
    private final Spc2Reservation spc2;
    private final PrStateStore store;
    private final SharedReservations shared;
    private final Runnable changed;

    /**
     * @param shared the cluster's copy of the state for a cluster_mode unit, else {@code null}
     * @param changed run under the state lock after each applied action (the service's conflict-check flag) */
    PersistentReserveOut(LogicalUnitContext context, Executor executor, PrState state, Spc2Reservation spc2,
            PrStateStore store, SharedReservations shared, Runnable changed) {
        this.context = context;
        this.executor = executor;
        this.state = state;
        this.spc2 = spc2;
        this.store = store;
        this.shared = shared;
        this.changed = changed;
    }

    /** Checks the CDB, then receives the parameter list and applies it on the executor. */
    void execute(LuTask task) throws PrFailure {
        ByteBuf cdb = task.cdb();
        int serviceAction = cdb.getUnsignedByte(cdb.readerIndex() + 1) & 0x1F;
        if (serviceAction > PrOutParameters.REGISTER_AND_MOVE) {
            throw PrFailure.invalidCdb(1, 4);
        }
        synchronized (state) {
            if (spc2.held()) {
                throw PrFailure.conflict("PERSISTENT RESERVE OUT under an SPC-2 reservation");
            }
        }
        long length = PrOutParameters.parameterListLength(cdb);
        if (length < PrOutParameters.BASIC_LENGTH || length > task.expectedDataTransferLength()) {
            throw PrFailure.parameterListLength();
        }
        if (length > MAX_PARAMETER_LIST) {
            throw PrFailure.invalidCdb(5, -1);
        }
        task.receiveDataOut((int) length).whenCompleteAsync((list, error) -> {
            if (error == null) {
                try {
                    finishOut(task, list);
                } catch (RuntimeException e) {
                    LOG.error("Device {}: PERSISTENT RESERVE OUT failed", context.deviceName(), e);
                    task.fail(SenseData.of(SenseKey.HARDWARE_ERROR, AdditionalSense.INTERNAL_TARGET_FAILURE));
                } finally {
                    list.release();
                }
            }
        }, executor);
    }

    private void finishOut(LuTask task, ByteBuf list) {
        if (shared != null) {
            finishShared(task, list);
            return;
        }
        Nexus nexus = task.nexus();
        PrOutcome outcome = new PrOutcome();
        int serviceAction;
        try {
            synchronized (state) {
                if (spc2.held()) {
                    throw PrFailure.conflict("PERSISTENT RESERVE OUT under an SPC-2 reservation");
                }
                PrOutParameters p = PrOutParameters.parse(task.cdb(), list);
                serviceAction = p.serviceAction;
                if (PrOutActions.apply(state, p, nexus, outcome)) {
                    store.store(state);
                }
                changed.run();
            }
        } catch (PrFailure f) {
            f.completeOn(task);
            return;
        } catch (IOException e) {
            LOG.error("Device {}: persistent reservation state not saved", context.deviceName(), e);
            task.fail(SenseData.of(SenseKey.HARDWARE_ERROR, AdditionalSense.INTERNAL_TARGET_FAILURE));
            return;
        }
        outcome.raiseUnitAttentions(context, nexus);
        if (serviceAction == PrOutParameters.PREEMPT_AND_ABORT) {
            outcome.abortPreemptedTasks(context, nexus);
        }
        task.complete();
    }

    /** A cluster_mode unit: applied to the shared state; GOOD once every node serving the unit applied it. */
    private void finishShared(LuTask task, ByteBuf list) {
        Nexus nexus = task.nexus();
        try {
            PrOutParameters p = PrOutParameters.parse(task.cdb(), list);
            boolean abort = p.serviceAction == PrOutParameters.PREEMPT_AND_ABORT;
            PrOutcome outcome = shared.change(nexus, abort, (next, nextSpc2, out) -> {
                if (nextSpc2.held()) {
                    throw PrFailure.conflict("PERSISTENT RESERVE OUT under an SPC-2 reservation");
                }
                PrOutActions.apply(next, p, nexus, out);
            });
            outcome.raiseUnitAttentions(context, nexus);
            if (abort) {
                outcome.abortPreemptedTasks(context, nexus);
            }
            task.complete();
        } catch (PrFailure f) {
            f.completeOn(task);
        } catch (IOException | InterruptedException e) {
            LOG.error("Device {}: shared reservation state not changed: {}", context.deviceName(), e.toString());
            task.fail(SenseData.of(SenseKey.NOT_READY,
                    AdditionalSense.LOGICAL_UNIT_NOT_READY_ASYMMETRIC_ACCESS_STATE_TRANSITION));
        }
    }
}
