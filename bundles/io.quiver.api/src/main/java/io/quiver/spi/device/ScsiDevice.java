package io.quiver.spi.device;

import java.util.List;
import java.util.Map;
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
     * OPTIONAL: I_T nexus loss (SAM-5 6.3.4) for this device: the nexus closed (logout, connection
     * loss, session reinstatement) or an I_T NEXUS RESET ended it. The device forgets what it holds for
     * {@code nexusId} ({@link DeviceTask#nexusId()}): medium removal the nexus prevented, third-party
     * copy operations it started and their held copy status, anything else per nexus. State held for
     * other nexuses stays. Default: nothing to forget.
     *
     * <p>Called once per nexus that could reach the device (once even if several LUNs of the nexus map
     * the device), after every task of that nexus the core aborted has finished, so no task of the
     * nexus is running; after an I_T NEXUS RESET the same nexus may send new tasks afterwards, which
     * start from a clean state. Called from any thread, possibly a Netty event loop; must not block.
     */
    default void nexusLost(long nexusId) {
    }

    /**
     * OPTIONAL: logical unit reset (SAM-5 6.3.3): a LOGICAL UNIT RESET addressed to one of the device's
     * LUNs, or a hard reset (TARGET RESET, TARGET COLD RESET; SAM-5 6.3.2), which resets every logical
     * unit of the target. The device returns to its state after power on for every nexus, whichever
     * nexus asked: medium removal prevention is cleared for all nexuses, third-party copy operations
     * are aborted and their held copy status discarded, per-nexus state is dropped; configuration and
     * saved mode pages stay. The reason needs no argument: the device clears the same state for a logical
     * unit reset and a hard reset, and the core queues the unit attentions each owes. Default: nothing
     * to clear.
     *
     * <p>Called once per reset of the device, after every task the reset aborted has finished. Tasks
     * that arrive meanwhile are possible (they were submitted after the reset); the device need not
     * order them. Called from any thread, possibly a Netty event loop; must not block.
     */
    default void reset() {
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

    /**
     * OPTIONAL: runtime state the management views show as read-only attributes of the device's node
     * (a tape library's cartridges and where they are, a drive's loaded cartridge and position), by
     * attribute name in SCST's lower-case style. Values are one line each. Default: none.
     *
     * <p>Called from any thread, possibly while the device executes commands; must not block on I/O.
     */
    default Map<String, String> runtimeAttributes() {
        return Map.of();
    }
}
