package io.quiver.spi.target;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The transport's side of one session: what the core asks of the transport outside any command.
 * Implemented by transports.
 */
@ConsumerType
public interface SessionTransport {

    /**
     * MUST: end the session (log the initiator out, drop the connection) because the core needs it
     * gone: the target was unregistered or disabled, an administrator closed the session, or the core
     * is stopping. The transport calls {@link Session#close()} once it has done so.
     *
     * <p>Called from any thread; must not block.
     *
     * @param reason why, for the transport's log and for an asynchronous logout message
     */
    void close(String reason);

    /**
     * OPTIONAL: a unit attention or other asynchronous event is pending for this nexus and the
     * transport may report it without waiting for the next command (iSCSI Asynchronous Message,
     * AsyncEvent 0). The default does nothing; the event is reported on the next command anyway.
     *
     * <p>Called from any thread; must not block.
     */
    default void asynchronousEventPending(long lun) {
    }

    /**
     * OPTIONAL: attributes to show in the management views for this session (negotiated parameters,
     * peer address). Called from any thread; must not block. Default: none.
     */
    default java.util.Map<String, String> attributes() {
        return java.util.Map.of();
    }

    /**
     * OPTIONAL: designation descriptors that name the target port of this nexus
     * ({@link DesignationDescriptor#TARGET_PORT}) and the target device holding it
     * ({@link DesignationDescriptor#TARGET_DEVICE}) in the transport's format: iSCSI's SCSI name strings
     * {@code <iqn>,t,0x<TPGT>} and {@code <iqn>}, Fibre Channel's WWPN and WWNN as NAA. The core adds them
     * to VPD page 83h after its relative target port and target port group designators, in the order
     * given, port ones before device ones. The default reports none (a loopback transport).
     *
     * <p>Called once, from the thread that calls {@link ScsiTarget#openSession}, before it returns;
     * must not block.
     *
     * @since 0.4.0
     */
    default java.util.List<DesignationDescriptor> designators() {
        return java.util.List.of();
    }
}
