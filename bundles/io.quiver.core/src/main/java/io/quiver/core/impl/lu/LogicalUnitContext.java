package io.quiver.core.impl.lu;

import io.quiver.scsi.AdditionalSense;
import io.quiver.spi.cluster.ReservationStore;
import java.nio.file.Path;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * What the pipeline offers the services of one logical unit (one device, whatever LUN numbers map it).
 * Implemented by the pipeline; thread-safe; no method blocks except where stated.
 */
public interface LogicalUnitContext {

    /** The device's name (stable key for persisted state). */
    String deviceName();

    /** Every nexus that currently has a LUN mapping this device. */
    Collection<Nexus> nexuses();

    /** Queues a unit attention for one nexus at this logical unit (SPC-4 5.14 queueing rules apply). */
    void raiseUnitAttention(Nexus nexus, AdditionalSense sense);

    /** Queues a unit attention for every nexus of this logical unit except {@code spared} (may be null). */
    void raiseUnitAttentionExcept(Nexus spared, AdditionalSense sense);

    /**
     * Aborts every task at this logical unit whose nexus matches (PREEMPT AND ABORT, CLEAR TASK SET);
     * with TAS set those tasks end with TASK ABORTED, otherwise silently. Returns once they are aborted
     * (may wait for device tasks that are running).
     */
    void abortTasks(Predicate<Nexus> whose);

    /**
     * Another node of the cluster reset this {@code cluster_mode} unit: abort every task here (TAS applies),
     * clear the ACA condition, reset the device once those tasks finished and owe {@code ua} to every nexus
     * here, without resetting the services again (the shared state already carries their part). Returns once
     * the tasks are aborted and the unit attentions queued. OPTIONAL.
     */
    default void resetByPeer(AdditionalSense ua) {
    }

    /**
     * Another node of the cluster cleared this {@code cluster_mode} unit's task set (CLEAR TASK SET; the task
     * set is shared by every nexus on every node): abort every task here, TAS applying, and owe COMMANDS
     * CLEARED BY ANOTHER INITIATOR to the nexuses whose tasks were aborted without TAS. Returns once those
     * tasks finished (or after 30 s). OPTIONAL.
     */
    default void clearedByPeer() {
    }

    /**
     * A directory private to this device for persisted state (APTPL reservations, saved mode pages),
     * created on first use under the core's data directory.
     */
    Path stateDirectory();

    /** SCST's {@code cluster_mode}: whether the device's reservation state lives in the cluster's store. */
    default boolean clusterMode() {
        return false;
    }

    /** The cluster's reservation store for a {@link #clusterMode()} unit, or {@code null} while none is registered. */
    default ReservationStore clusterStore() {
        return null;
    }
}
