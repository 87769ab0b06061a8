package io.quiver.handler.passthrough;

import io.quiver.spi.device.DeviceTask;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a pass-through device sends its commands: a SCSI device of this host through SG_IO, or a remote iSCSI LUN
 * ({@code iscsi://}). Thread-safe.
 */
@ConsumerType
public interface PassThroughBackend extends AutoCloseable {

    /**
     * MUST: executes the task's CDB on the real device, fetching the task's data-out first where it has one,
     * and completes the task exactly once with the device's status, sense (unchanged) and data-in. A backend
     * that cannot reach its device completes with NOT READY, LOGICAL UNIT COMMUNICATION FAILURE (02/08/00); a
     * command lost in flight (connection lost, timed out) with ABORTED COMMAND, LOGICAL UNIT COMMUNICATION
     * FAILURE (0B/08/00); it never leaves the task hanging. Called on any thread, possibly a Netty event loop: must not block.
     */
    void execute(DeviceTask task);

    /**
     * OPTIONAL: a logical unit reset or hard reset reached the pass-through device: reset the real device too,
     * as SCST's dev handlers pass resets on. Called from any thread; must not block. Default: nothing.
     */
    default void reset() {
    }

    /** MUST: ends the connection to the device; tasks in flight complete as above. Must not block long. */
    @Override
    void close();
}
