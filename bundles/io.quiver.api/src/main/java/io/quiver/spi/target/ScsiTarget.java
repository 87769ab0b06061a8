package io.quiver.spi.target;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A registered SCSI target port, the handle a transport received from
 * {@link ScsiTargetCore#registerTarget}. Thread-safe; no method blocks.
 */
@ProviderType
public interface ScsiTarget {

    /** The name the target was registered with. */
    String name();

    /** The relative target port identifier, as registered or as the core assigned it. */
    int relativeTargetPortId();

    /**
     * Opens an I_T nexus for an initiator that has logged in (SCST's {@code scst_register_session}).
     * The session sees the LUNs of the first initiator group whose patterns match the initiator's
     * name, or the target's default LUNs.
     *
     * @param initiator the initiator port (name and TransportID)
     * @param transport the transport's callbacks for this session
     * @return the nexus; commands are submitted through it until {@link Session#close()}
     * @throws IllegalStateException if the target was unregistered
     */
    Session openSession(InitiatorPort initiator, SessionTransport transport);

    /**
     * Whether an initiator may see this target at all (SCST's {@code scst_initiator_has_luns}, which
     * iscsi-scst asks before it lists a target in discovery or lets a login through): false only when the
     * target has initiator groups, none of them admits the initiator, and the target has no default LUNs.
     * OPTIONAL for implementations before SPI 0.2.0: the default admits everyone.
     *
     * <p>Threading: any thread; does not block.
     *
     * @param initiatorName the name initiator groups are matched against (as in {@link InitiatorPort#name()})
     * @since 0.2.0
     */
    default boolean admits(String initiatorName) {
        return true;
    }

    /**
     * Unregisters the target: every open session is told to close
     * ({@link SessionTransport#close(String)}), its commands are aborted and the target's management
     * node goes away. Idempotent.
     */
    void unregister();
}
