package io.quiver.spi.device;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A device (SCST's {@code scst_device}): what a logical unit exports. Registered as an OSGi service
 * with the service property {@link #NAME_PROPERTY}; unique by name across handlers.
 */
@ConsumerType
public interface ScsiDevice {

    /** Service property holding {@link DeviceDescriptor#name()}. */
    String NAME_PROPERTY = "quiver.device.name";

    /** MUST: identity and capabilities. May return a new descriptor after {@link DeviceContext#descriptorChanged()}. */
    DeviceDescriptor descriptor();

    /**
     * MUST: execute a command the core forwards. The device completes the task exactly once, now or
     * later, from any thread.
     *
     * <p>Threading: if {@link DeviceDescriptor#threads()} is 0 this is called on the submitting thread,
     * possibly a Netty event loop, and must not block. Otherwise it is called on one of the device's
     * own {@code threads()} threads (SCST's {@code threads_num}) and may block on I/O.
     */
    void execute(DeviceTask task);

    /**
     * OPTIONAL: the core starts using the device (it was mapped to a first LUN or the core restarted).
     * The context stays valid until {@link #detach()}. Called from any thread; must not block.
     */
    default void attach(DeviceContext context) {
    }

    /** OPTIONAL: the core stopped using the device. Called from any thread; must not block. */
    default void detach() {
    }

    /**
     * OPTIONAL: the commands this device executes, for REPORT SUPPORTED OPERATION CODES. The core adds
     * the commands it answers itself. Default: none reported.
     */
    default List<CommandDescriptor> supportedCommands() {
        return List.of();
    }

    /**
     * OPTIONAL: VPD page codes this device answers beyond the core's 00h, 80h and 83h (for example B0h,
     * B1h, B2h for a disk); the core lists them in page 00h and forwards INQUIRY for them. Default: none.
     */
    default List<Integer> vpdPages() {
        return List.of();
    }
}
