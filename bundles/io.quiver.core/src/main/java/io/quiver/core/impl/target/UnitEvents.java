package io.quiver.core.impl.target;

import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SAM-5 events a logical unit passes on to its ACA condition, its services and its device: I_T nexus
 * loss, logical unit reset, and the device's removal (detach). Services hear of an event at once; the
 * device only once the tasks the event aborted have finished, and not at all once it is detached.
 *
 * <p>Thread-safe. Only {@link #abortTasks} blocks, while the aborted tasks finish. A device callback that
 * throws is logged and otherwise ignored.
 */
final class UnitEvents {

    private static final Logger LOG = LoggerFactory.getLogger(LogicalUnit.class);

    private final LogicalUnit unit;
    private final ServicePipeline pipeline;

    UnitEvents(LogicalUnit unit, ServicePipeline pipeline) {
        this.unit = unit;
        this.pipeline = pipeline;
    }

    /**
     * The device is gone (the unit is already marked detached): its tasks end BUSY, its services close,
     * the device is told.
     */
    void detached() {
        // BUSY, not LOGICAL UNIT NOT SUPPORTED: initiators retry it, and the device may be back (bundle:update)
        // before they do; if it is not, the retry gets LOGICAL UNIT NOT SUPPORTED once the LUN is gone.
        for (Task t : unit.taskSet().tasks()) {
            t.complete(ScsiStatus.BUSY, null, null, 0);
        }
        pipeline.clear().forEach(LogicalUnitService::close);
        try {
            unit.device().detach();
        } catch (RuntimeException e) {
            LOG.warn("device {} failed to detach", unit.deviceName(), e);
        }
    }

    /**
     * I_T nexus loss: the services forget the nexus now; the device once {@code aborted} (the nexus'
     * aborted tasks) have finished.
     *
     * @return completes once the device was told and every service (on every node) has forgotten the nexus
     */
    CompletableFuture<Void> nexusLost(CoreSession session, CompletableFuture<Void> aborted) {
        unit.aca().nexusLost(session);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (LogicalUnitService s : pipeline.order()) {
            done.add(s.nexusLost(session));
        }
        done.add(aborted.handle((v, e) -> notifyDevice("nexus loss", () -> unit.device().nexusLost(session.id()))));
        return CompletableFuture.allOf(done.toArray(new CompletableFuture[0]));
    }

    /**
     * Logical unit reset: the ACA condition clears and the services reset now; the device once
     * {@code aborted} have finished.
     *
     * @param ua the unit attention the reset owes every nexus (the services of a cluster_mode unit raise it
     *        on the other nodes)
     * @return completes once the device was reset and every service (on every node) has reset
     */
    CompletableFuture<Void> reset(CompletableFuture<Void> aborted, AdditionalSense ua) {
        unit.aca().clear();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (LogicalUnitService s : pipeline.order()) {
            done.add(s.logicalUnitReset(ua));
        }
        done.add(aborted.handle((v, e) -> notifyDevice("reset", unit.device()::reset)));
        return CompletableFuture.allOf(done.toArray(new CompletableFuture[0]));
    }

    /**
     * Another node reset this cluster_mode unit: every task here is aborted (waiting for them as
     * {@link #abortTasks} does), the ACA condition cleared, the device reset and {@code ua} owed to every
     * nexus here. The services are not told: the shared state carries their part of the reset.
     */
    void resetByPeer(AdditionalSense ua) {
        abortTasks(n -> true);
        unit.aca().clear();
        notifyDevice("reset", unit.device()::reset);
        for (Nexus n : unit.nexuses()) {
            unit.raiseUnitAttention(n, ua);
        }
    }

    /** CLEAR TASK SET through this node: what the services owe the other nodes; completes when they did it. */
    CompletableFuture<Void> clearTaskSet() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (LogicalUnitService s : pipeline.order()) {
            done.add(s.clearTaskSet());
        }
        return CompletableFuture.allOf(done.toArray(new CompletableFuture[0]));
    }

    /**
     * Another node cleared this cluster_mode unit's task set: every task here is aborted (TAS applies) and,
     * without TAS, the nexuses whose tasks were aborted are owed COMMANDS CLEARED BY ANOTHER INITIATOR.
     */
    void clearedByPeer() {
        Set<Nexus> cleared = new LinkedHashSet<>();
        abortTasks(n -> {
            cleared.add(n);
            return true;
        });
        if (!unit.taskAbortedStatus()) {
            cleared.forEach(n -> unit.raiseUnitAttention(n, AdditionalSense.COMMANDS_CLEARED_BY_ANOTHER_INITIATOR));
        }
    }

    /**
     * Aborts the tasks of the nexuses {@code whose} accepts (PREEMPT AND ABORT), except the one a service
     * is executing on this thread, and waits up to 30 s for them to finish.
     */
    void abortTasks(Predicate<Nexus> whose) {
        Task self = ServicePipeline.serving();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (Task t : unit.taskSet().tasks()) {
            if (t != self && whose.test(t.nexus())) {
                waits.add(t.abort(unit.taskAbortedStatus()));
            }
        }
        try {
            CompletableFuture.allOf(waits.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("{}: aborted tasks did not finish in time", unit.deviceName());
        }
    }

    private Void notifyDevice(String what, Runnable callback) {
        if (!unit.isDetached()) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("device {} failed on {}", unit.deviceName(), what, e);
            }
        }
        return null;
    }
}
