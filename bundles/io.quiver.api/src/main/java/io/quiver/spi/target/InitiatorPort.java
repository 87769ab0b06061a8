package io.quiver.spi.target;

import java.util.Arrays;
import java.util.Objects;

/**
 * An initiator port as a transport identifies it. Immutable; safe on any thread.
 *
 * <p>{@code name} is what initiator groups match against (an iSCSI initiator name such as
 * {@code iqn.1994-05.com.redhat:client}); {@code portName} identifies the port uniquely across sessions
 * of that initiator (for iSCSI the name plus {@code ",i,0x"} and the ISID); {@code transportId} is the
 * SPC-4 TransportID (7.6.4) used by persistent reservations.
 */
public final class InitiatorPort {

    private final String name;
    private final String portName;
    private final byte[] transportId;

    public InitiatorPort(String name, String portName, byte[] transportId) {
        this.name = Objects.requireNonNull(name, "name");
        this.portName = Objects.requireNonNull(portName, "portName");
        this.transportId = Objects.requireNonNull(transportId, "transportId").clone();
    }

    public String name() {
        return name;
    }

    public String portName() {
        return portName;
    }

    /** A copy of the TransportID bytes. */
    public byte[] transportId() {
        return transportId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InitiatorPort && portName.equals(((InitiatorPort) o).portName)
                && Arrays.equals(transportId, ((InitiatorPort) o).transportId);
    }

    @Override
    public int hashCode() {
        return portName.hashCode();
    }

    @Override
    public String toString() {
        return portName;
    }
}
