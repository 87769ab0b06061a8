package io.quiver.spi.target;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An I_T nexus: one initiator port logged in to one target port (SAM-5 4.6). Opened by
 * {@link ScsiTarget#openSession}; implemented by the core.
 *
 * <p>Thread-safe. Every method may be called from a Netty event loop: none blocks, and results come
 * back through the callbacks on the submitted objects.
 */
@ProviderType
public interface Session {

    /** The initiator port of this nexus. */
    InitiatorPort initiator();

    /** The target this nexus belongs to. */
    ScsiTarget target();

    /**
     * Submits a command. The core resolves the LUN, applies unit attentions, reservations, ALUA state
     * and task-set rules, executes it (itself or through the device) and calls
     * {@link ScsiCommand#complete(CommandResponse)} exactly once, from any thread.
     * Commands submitted after {@link #close()} complete at once as aborted.
     */
    void submit(ScsiCommand command);

    /**
     * Submits a task management function. The core calls
     * {@link TaskManagementRequest#complete(TaskManagementResult)} exactly once, after every command
     * the function aborted has completed (SAM-5 7.1).
     */
    void submit(TaskManagementRequest request);

    /**
     * How many commands this nexus may have in flight before the core answers TASK SET FULL; a
     * transport with command windows (iSCSI MaxCmdSN) sizes its window from this.
     */
    int queueDepth();

    /**
     * Ends the nexus (I_T nexus loss, or the transport's answer to {@link SessionTransport#close}):
     * commands in flight are aborted and complete as aborted, and the nexus' reservations and unit
     * attentions are handled as SPC-4 requires. Idempotent.
     */
    void close();

    /**
     * Ends the nexus as {@link #close()} does and tells when the loss is visible to every nexus: the stage
     * completes (never exceptionally) once the aborted commands have completed, the devices were told and
     * the nexus' reservations are released on every node serving its logical units ({@code cluster_mode}).
     * A transport that answers a logout holds the answer until then, so that an initiator that logs in
     * again at once, through any node, cannot find its old reservation still held. Idempotent: every call
     * returns the same stage. The default suits a session whose {@code close()} finishes synchronously.
     *
     * @since 0.5
     */
    default CompletionStage<Void> end() {
        close();
        return CompletableFuture.completedFuture(null);
    }
}
