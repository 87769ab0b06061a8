package io.quiver.core.impl.lu;

import io.quiver.scsi.AdditionalSense;
import java.util.concurrent.CompletableFuture;

/**
 * A per-logical-unit service the pipeline consults for every command: reservations and ALUA implement
 * it. One instance per device, created when the device is attached, thread-safe.
 *
 * <p>Order in the pipeline (SPC-4 / SAM-5): unit attention, then each service's {@link #check} (ALUA
 * before reservations), then task-set rules, then {@link #execute} for the commands the service
 * {@link #handles}, else the device.
 */
public interface LogicalUnitService {

    /**
     * Whether this command may proceed on its nexus. {@code null} means yes; otherwise the task has been
     * completed by the service (RESERVATION CONFLICT, NOT READY / ALUA state sense) and the pipeline
     * drops it. Runs on the submitting thread: must not block.
     *
     * @return {@code null} to let the command proceed, or a short reason for logs if it was refused
     */
    String check(LuTask task);

    /** Whether this service answers the command itself (by opcode and service action). */
    boolean handles(LuTask task);

    /** Executes a command {@link #handles} accepted; completes the task exactly once. May block briefly (persistence). */
    void execute(LuTask task);

    /**
     * The nexus is gone (I_T nexus loss or I_T NEXUS RESET). The returned future completes once the loss is
     * visible to every nexus: a service of a {@code cluster_mode} unit completes it only when the shared state
     * has changed (so a Logout Response held until then cannot race the release of a reservation).
     */
    default CompletableFuture<Void> nexusLost(Nexus nexus) {
        return CompletableFuture.completedFuture(null);
    }

    /** LOGICAL UNIT RESET or a target reset reached this logical unit. */
    default void logicalUnitReset() {
    }

    /**
     * LOGICAL UNIT RESET or a target reset reached this logical unit through this node, owing {@code ua} to
     * every nexus. The task management function completes once the returned future has: a service of a
     * {@code cluster_mode} unit completes it only when every other node serving the device has reset it too.
     * The default calls {@link #logicalUnitReset()}.
     */
    default CompletableFuture<Void> logicalUnitReset(AdditionalSense ua) {
        logicalUnitReset();
        return CompletableFuture.completedFuture(null);
    }

    /**
     * CLEAR TASK SET through this node: this node's tasks are aborted by the core; a service that shares the
     * unit with other nodes has them abort theirs. OPTIONAL; the default has nothing to share.
     *
     * @return completes when every other node has aborted its tasks of the unit
     */
    default CompletableFuture<Void> clearTaskSet() {
        return CompletableFuture.completedFuture(null);
    }

    /** The device is detached; release resources. Persisted state stays. */
    default void close() {
    }
}
