package io.quiver.spi.target;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The target core as a transport sees it; registered as an OSGi service by the core bundle.
 *
 * <p>Thread-safe: every method may be called from any thread, including a Netty event loop, and
 * none blocks.
 */
@ProviderType
public interface ScsiTargetCore {

    /**
     * Registers one SCSI target port of a driver. The core creates the target's management node,
     * applies the LUN map configured for {@code targetName} (or waits for one) and from then on
     * accepts sessions for it.
     *
     * @param driver the driver that owns the target
     * @param targetName the target's name in the transport's naming scheme (an iSCSI IQN, an SRP GUID);
     *        unique across the core, because LUN and initiator group configurations name only the target
     * @param relativeTargetPortId the SPC-4 relative target port identifier, 1..65535, unique across
     *        the core; 0 asks the core to assign one
     * @return the handle through which sessions are opened; {@link ScsiTarget#unregister()} ends it
     * @throws IllegalStateException if a target of that name is already registered
     */
    ScsiTarget registerTarget(TargetDriver driver, String targetName, int relativeTargetPortId);
}
