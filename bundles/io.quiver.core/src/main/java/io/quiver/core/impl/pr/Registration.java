package io.quiver.core.impl.pr;

import io.quiver.core.impl.lu.Nexus;
import java.util.HexFormat;

/**
 * One persistent reservation registration: an I_T nexus (initiator TransportID plus relative target
 * port, or every target port with ALL_TG_PT) and its reservation key. The key is the only mutable part;
 * it is guarded by the owning {@link PrState}'s lock.
 */
public final class Registration {

    private final byte[] transportId;
    private final int relativeTargetPortId;
    private final boolean allTargetPorts;
    private long key;

    public Registration(byte[] transportId, int relativeTargetPortId, boolean allTargetPorts, long key) {
        this.transportId = transportId.clone();
        this.relativeTargetPortId = relativeTargetPortId;
        this.allTargetPorts = allTargetPorts;
        this.key = key;
    }

    /** A copy of the initiator's TransportID as registered. */
    public byte[] transportId() {
        return transportId.clone();
    }

    int transportIdLength() {
        return transportId.length;
    }

    public int relativeTargetPortId() {
        return relativeTargetPortId;
    }

    /** Registered through ALL_TG_PT: the registration holds on every target port. */
    public boolean allTargetPorts() {
        return allTargetPorts;
    }

    public long key() {
        return key;
    }

    void key(long newKey) {
        this.key = newKey;
    }

    /** Whether commands from this nexus are this registration's. */
    public boolean matches(Nexus nexus) {
        return matches(nexus.initiator().transportId(), nexus.relativeTargetPortId());
    }

    /** Whether the I_T nexus given by TransportID and relative target port is this registration's. */
    public boolean matches(byte[] tid, int rtpi) {
        return (allTargetPorts || relativeTargetPortId == rtpi) && TransportIds.sameInitiator(transportId, tid);
    }

    @Override
    public String toString() {
        String name = TransportIds.iscsiName(transportId);
        return (name != null ? name : HexFormat.of().formatHex(transportId))
                + (allTargetPorts ? "@all" : "@" + relativeTargetPortId)
                + " key 0x" + Long.toHexString(key);
    }
}
