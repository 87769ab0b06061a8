package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.transport.fcoe.impl.els.Els;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * The ELS LOGOs this port originates (FC-LS-3), so that an initiator never keeps believing in a login the target
 * no longer has: one to each logged-in port when the port closes (target disabled or stopped, driver uninstalled),
 * and one to a port that sends FCP or BLS frames without a port login (the frame itself is discarded, class 3),
 * at most one per port per {@link #INTERVAL_MILLIS}, for the initiator that missed the first (the target was
 * killed, or its LOGO lost). Without them Linux's libfc waits out its whole error handling against a restarted
 * target: REC, ABTS and TMFs that all go unanswered for some 100 s before it logs out itself; with them it deletes
 * the remote port at once, VN2VN finds the target again at its next beacon, and it logs in. The LS_ACC it answers
 * with is recognised by its OX_ID and ignored. {@link #frameWithoutLogin} on the port's receive thread only.
 */
final class LogoOriginator {

    static final long INTERVAL_MILLIS = 2000;
    /** This target's own exchanges for LOGO: 0x0F00-0x0F1F, below the name server registration's. */
    static final int OX_ID_BASE = 0x0F00;
    private static final int OX_IDS = 0x20;
    private static final int LOGO_LENGTH = 16;

    private final LocalPort local;
    private final long portName;
    private final Map<Integer, Long> lastLogo = new HashMap<>();
    private int nextOxId;

    LogoOriginator(LocalPort local, long portName) {
        this.local = local;
        this.portName = portName;
    }

    /** A frame from {@code remotePortId}, which has no port login here, was discarded at {@code now}. */
    void frameWithoutLogin(int remotePortId, long now) {
        Long last = lastLogo.get(remotePortId);
        if (last != null && now - last < INTERVAL_MILLIS) {
            return;
        }
        if (lastLogo.size() > 1024) { // port IDs are 24 bits: bound what a flood of forged sources can leave here
            lastLogo.clear();
        }
        lastLogo.put(remotePortId, now);
        local.log().info("fcst {}: FCP from port ID {} without a login: LOGO", local.name(),
                String.format("%06x", remotePortId));
        logo(remotePortId);
    }

    /** Sends {@code remotePortId} a LOGO naming this port. */
    synchronized void logo(int remotePortId) {
        int portId = local.portId();
        ByteBuf payload = ByteBufAllocator.DEFAULT.heapBuffer(LOGO_LENGTH);
        payload.writeInt(Els.LOGO << 24).writeInt(portId & 0xFFFFFF).writeLong(portName);
        FcHeader h = new FcHeader(FcHeader.R_CTL_ELS_REQ, remotePortId, 0, portId, FcHeader.TYPE_ELS, 0x290000, 0, 0,
                0, OX_ID_BASE + Math.floorMod(nextOxId++, OX_IDS), 0xFFFF, 0);
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(FcoeCodec.OVERHEAD + FcHeader.LENGTH + LOGO_LENGTH + 3);
        try {
            FcoeCodec.encodeSingle(out, local.peerMac(remotePortId), local.sourceMac(), h, payload);
        } finally {
            payload.release();
        }
        local.output().send(out);
    }

    /** Whether {@code h} answers one of this class's LOGOs (an LS_ACC or LS_RJT nobody waits for). */
    static boolean answers(FcHeader h) {
        return h.rCtl() == FcHeader.R_CTL_ELS_REP && h.oxId() >= OX_ID_BASE && h.oxId() < OX_ID_BASE + OX_IDS;
    }
}
