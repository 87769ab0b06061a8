package io.quiver.core.impl.pr;

import io.quiver.core.impl.lu.Nexus;
import io.quiver.spi.target.InitiatorPort;
import java.util.concurrent.atomic.AtomicLong;

/** A test I_T nexus: an iSCSI initiator port (name + ISID) at a target port. Shared by the core tests. */
public final class FakeNexus implements Nexus {

    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final InitiatorPort initiator;
    private final String targetName;
    private final int rtpi;

    public FakeNexus(String initiatorName, String isid, String targetName, int rtpi) {
        this.initiator = new InitiatorPort(initiatorName, initiatorName + ",i,0x" + isid,
                TransportIds.iscsi(initiatorName, isid));
        this.targetName = targetName;
        this.rtpi = rtpi;
    }

    /** An initiator with ISID 23d000000001 at target port 1 of "tgt". */
    public static FakeNexus of(String initiatorName) {
        return new FakeNexus(initiatorName, "23d000000001", "tgt", 1);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InitiatorPort initiator() {
        return initiator;
    }

    @Override
    public String targetName() {
        return targetName;
    }

    @Override
    public int relativeTargetPortId() {
        return rtpi;
    }

    @Override
    public int protocolIdentifier() {
        return TransportIds.PROTOCOL_ISCSI;
    }

    @Override
    public String toString() {
        return initiator + "@" + rtpi;
    }
}
