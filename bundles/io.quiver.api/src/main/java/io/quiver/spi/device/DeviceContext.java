package io.quiver.spi.device;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The core's side of an attached device: how a device reports changes that initiators must hear of.
 * Implemented by the core; thread-safe; no method blocks.
 */
@ProviderType
public interface DeviceContext {

    /**
     * The capacity changed (resize): every nexus of every LUN mapping the device gets the unit attention
     * CAPACITY DATA HAS CHANGED.
     */
    void capacityChanged();

    /** The descriptor changed (identity, read-only, ...): INQUIRY DATA HAS CHANGED on every nexus. */
    void descriptorChanged();

    /**
     * The medium changed (a CD image replaced, ejected or loaded): NOT READY TO READY CHANGE, MEDIUM MAY
     * HAVE CHANGED on every nexus.
     */
    void mediumChanged();

    /**
     * Mode parameters changed through MODE SELECT on one nexus: the others get MODE PARAMETERS CHANGED.
     *
     * @param task the MODE SELECT task whose nexus is spared
     */
    void modeParametersChanged(DeviceTask task);

    /**
     * Another device the core knows, by the designator of one of its identification descriptors
     * (VPD 83h: NAA or EUI-64 bytes), for third-party copy between devices. Empty if none.
     */
    Optional<ScsiDevice> findDevice(byte[] designator);
}
