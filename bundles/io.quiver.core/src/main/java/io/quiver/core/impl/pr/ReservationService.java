package io.quiver.core.impl.pr;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.LuTask;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reservations of one logical unit: SPC-2 RESERVE/RELEASE, SPC-4 PERSISTENT RESERVE IN/OUT, the
 * reservation conflict check for every other command, and APTPL persistence in the device's state
 * directory (reloaded when a new instance is created for the same device).
 *
 * <p>Thread-safe: all state sits behind one lock per logical unit; {@link #check} takes it only while
 * a reservation exists. PERSISTENT RESERVE OUT ({@link PersistentReserveOut}) is finished on the given
 * executor once its parameter list arrived, because persisting and PREEMPT AND ABORT may block.
 */
public final class ReservationService implements LogicalUnitService {

    private static final Logger LOG = LoggerFactory.getLogger(ReservationService.class);

    private final PrState state = new PrState();
    private final Spc2Reservation spc2 = new Spc2Reservation();
    private final PersistentReserveOut reserveOut;
    private final Executor executor;
    /** The cluster's copy of the state for a cluster_mode unit, else {@code null} (local state, APTPL file). */
    private final SharedReservations shared;
    /** Whether any reservation exists; lets {@link #check} skip the lock in the common case. */
    private volatile boolean restricted;

    /**
     * @param context the logical unit
     * @param executor where PERSISTENT RESERVE OUT runs after its data-out arrived (may block)
     */
    public ReservationService(LogicalUnitContext context, Executor executor) {
        this.executor = executor;
        PrStateStore store = new PrStateStore(context.stateDirectory());
        this.shared = context.clusterMode()
                ? new SharedReservations(context, executor, state, spc2, this::updateRestricted) : null;
        this.reserveOut = new PersistentReserveOut(context, executor, state, spc2, store, shared,
                this::updateRestricted);
        if (shared != null) {
            shared.store(); // starts watching the shared state; the store keeps it across restarts
            return;
        }
        synchronized (state) {
            try {
                store.load(state);
            } catch (IOException e) {
                state.reset();
                LOG.error("Device {}: persistent reservations not restored: {}", context.deviceName(), e.toString());
            }
            updateRestricted();
        }
    }

    @Override
    public String check(LuTask task) {
        if (shared != null && shared.fenced()
                && ConflictTable.classify(task.cdb(), task.direction()) != ConflictTable.Access.ALWAYS) {
            // Cut off from the cluster: peers may take over the reservations; no media access from here.
            task.fail(SenseData.of(SenseKey.NOT_READY,
                    AdditionalSense.LOGICAL_UNIT_NOT_READY_ASYMMETRIC_ACCESS_STATE_TRANSITION));
            return "fenced: not connected to the cluster";
        }
        if (!restricted) {
            return null;
        }
        Nexus nexus = task.nexus();
        ByteBuf cdb = task.cdb();
        boolean ok;
        synchronized (state) {
            if (spc2.held()) {
                ok = !spc2.heldByOther(nexus) || ConflictTable.allowedUnderSpc2(cdb);
            } else if (state.type() != null) {
                Registration r = state.registrationOf(nexus);
                ok = ConflictTable.allowed(ConflictTable.classify(cdb, task.direction()), state.type(), r != null,
                        state.isHolder(r));
            } else {
                ok = true;
            }
        }
        if (ok) {
            return null;
        }
        PrFailure.conflict("reservation").completeOn(task);
        return "reservation conflict";
    }

    @Override
    public boolean handles(LuTask task) {
        switch (task.opcode()) {
            case ScsiOpcode.RESERVE_6:
            case ScsiOpcode.RESERVE_10:
            case ScsiOpcode.RELEASE_6:
            case ScsiOpcode.RELEASE_10:
            case ScsiOpcode.PERSISTENT_RESERVE_IN:
            case ScsiOpcode.PERSISTENT_RESERVE_OUT:
                return true;
            default:
                return false;
        }
    }

    @Override
    public void execute(LuTask task) {
        try {
            switch (task.opcode()) {
                case ScsiOpcode.PERSISTENT_RESERVE_IN:
                    persistentReserveIn(task);
                    return;
                case ScsiOpcode.PERSISTENT_RESERVE_OUT:
                    reserveOut.execute(task);
                    return;
                case ScsiOpcode.RESERVE_6:
                case ScsiOpcode.RESERVE_10:
                    if (shared != null) {
                        Nexus nexus = task.nexus();
                        ByteBuf cdb = task.cdb();
                        changeShared(task, nexus, (s, sp, o) -> sp.reserve(s, nexus, cdb));
                        return;
                    }
                    synchronized (state) {
                        spc2.reserve(state, task.nexus(), task.cdb());
                        updateRestricted();
                    }
                    break;
                default:
                    if (shared != null) {
                        Nexus nexus = task.nexus();
                        ByteBuf cdb = task.cdb();
                        changeShared(task, nexus, (s, sp, o) -> sp.release(s, nexus, cdb));
                        return;
                    }
                    synchronized (state) {
                        spc2.release(state, task.nexus(), task.cdb());
                        updateRestricted();
                    }
                    break;
            }
            task.complete();
        } catch (PrFailure f) {
            f.completeOn(task);
        }
    }

    /** SPC-2 RESERVE/RELEASE of a cluster_mode unit: through the shared state, on the reservation thread. */
    private void changeShared(LuTask task, Nexus nexus, SharedReservations.Change change) {
        executor.execute(() -> {
            try {
                shared.change(nexus, false, change);
                task.complete();
            } catch (PrFailure f) {
                f.completeOn(task);
            } catch (IOException | InterruptedException e) {
                LOG.error("Device {}: shared reservation change failed: {}", task.nexus().targetName(), e.toString());
                task.fail(SenseData.of(SenseKey.NOT_READY,
                        AdditionalSense.LOGICAL_UNIT_NOT_READY_ASYMMETRIC_ACCESS_STATE_TRANSITION));
            }
        });
    }

    /**
     * A change of the shared state no command waits for (nexus loss); failures are logged.
     *
     * @return completes (never exceptionally) once the change was made or has failed
     */
    private CompletableFuture<Void> changeSharedLater(String why, SharedReservations.Change change) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                shared.change(null, false, change);
            } catch (PrFailure | IOException | InterruptedException e) {
                LOG.warn("Shared reservation state not changed after {}: {}", why, e.toString());
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    private void persistentReserveIn(LuTask task) throws PrFailure {
        ByteBuf cdb = task.cdb();
        int serviceAction = cdb.getUnsignedByte(cdb.readerIndex() + 1) & 0x1F;
        int allocation = cdb.getUnsignedShort(cdb.readerIndex() + 7);
        ByteBuf data;
        synchronized (state) {
            if (spc2.held()) {
                throw PrFailure.conflict("PERSISTENT RESERVE IN under an SPC-2 reservation");
            }
            data = PrInResponder.respond(serviceAction, state, task.alloc());
        }
        if (data == null) {
            throw PrFailure.invalidCdb(1, 4);
        }
        if (data.readableBytes() > allocation) {
            data.writerIndex(data.readerIndex() + allocation);
        }
        task.complete(data);
    }

    @Override
    public CompletableFuture<Void> nexusLost(Nexus nexus) {
        if (shared != null) {
            boolean holds;
            synchronized (state) {
                holds = spc2.held() && !spc2.heldByOther(nexus);
            }
            return holds ? changeSharedLater("I_T nexus loss", (s, sp, o) -> sp.nexusLost(nexus))
                    : CompletableFuture.completedFuture(null);
        }
        synchronized (state) {
            spc2.nexusLost(nexus);
            updateRestricted();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logicalUnitReset() {
        synchronized (state) {
            spc2.reset();
            updateRestricted();
        }
    }

    /**
     * A cluster_mode unit's reset is a change of the shared state every other node serving the device applies
     * (aborting its tasks there and owing {@code ua} to its nexuses) before the reset completes, so that the
     * initiator's next command through any path sees the reset (libiscsi's MultipathIO.Reset).
     */
    @Override
    public CompletableFuture<Void> logicalUnitReset(AdditionalSense ua) {
        if (shared == null) {
            logicalUnitReset();
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                shared.change(null, false, (s, sp, o) -> {
                    sp.reset();
                    o.reset(ua);
                });
            } catch (PrFailure | IOException | InterruptedException e) {
                LOG.warn("Shared reservation state not changed after logical unit reset: {}", e.toString());
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    /**
     * CLEAR TASK SET of a cluster_mode unit: a change of the shared state (the state itself unchanged, the
     * notice carried) that every other node serving the device applies, aborting its tasks of the unit, before
     * the function completes.
     */
    @Override
    public CompletableFuture<Void> clearTaskSet() {
        if (shared == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                shared.change(null, false, (s, sp, o) -> o.clearTaskSet());
            } catch (PrFailure | IOException | InterruptedException e) {
                LOG.warn("CLEAR TASK SET not shared with the other nodes: {}", e.toString());
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    @Override
    public void close() {
        if (shared != null) {
            shared.close();
        }
    }

    private void updateRestricted() {
        restricted = spc2.held() || state.type() != null;
    }
}
