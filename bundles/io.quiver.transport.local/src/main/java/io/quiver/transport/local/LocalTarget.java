package io.quiver.transport.local;

import io.quiver.spi.target.DesignationDescriptor;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiTarget;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback target: opens sessions for named initiators. Thread-safe.
 */
public final class LocalTarget {

    private final ScsiTarget target;
    private final AtomicInteger ports = new AtomicInteger();

    LocalTarget(ScsiTarget target) {
        this.target = target;
    }

    /** The core's handle of the target. */
    public ScsiTarget target() {
        return target;
    }

    public String name() {
        return target.name();
    }

    /**
     * Logs an initiator in: opens an I_T nexus whose initiator port is {@code initiatorName} plus a
     * session number, so one initiator may open several nexuses.
     */
    public LocalSession login(String initiatorName) {
        return login(initiatorName, List.of());
    }

    /**
     * As {@link #login(String)}, with target port and target device designators for the session to report
     * (a loopback port has no name of its own; tests use this to stand in for a transport that has one).
     *
     * @since 0.2.0
     */
    public LocalSession login(String initiatorName, List<DesignationDescriptor> designators) {
        String port = initiatorName + ",l," + ports.incrementAndGet();
        return new LocalSession(target, new InitiatorPort(initiatorName, port, transportId(port)), designators);
    }

    /** Unregisters the target; its sessions are told to close. */
    public void unregister() {
        target.unregister();
    }

    /** A TransportID in the iSCSI-name shape (SPC-4 7.6.4.6) with protocol identifier Fh. */
    private static byte[] transportId(String port) {
        byte[] name = port.getBytes(StandardCharsets.UTF_8);
        int length = (name.length + 1 + 3) & ~3;
        byte[] tid = new byte[4 + length];
        tid[0] = (byte) LocalTargetDriver.PROTOCOL_IDENTIFIER;
        tid[2] = (byte) (length >> 8);
        tid[3] = (byte) length;
        System.arraycopy(name, 0, tid, 4, name.length);
        return tid;
    }
}
