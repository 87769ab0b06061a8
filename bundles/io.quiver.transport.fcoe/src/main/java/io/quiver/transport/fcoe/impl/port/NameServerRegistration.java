package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.transport.fcoe.impl.els.Els;
import io.quiver.transport.fcoe.impl.els.ServiceParameters;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;

/**
 * What a target port does in a fabric once its FLOGI is accepted, in Linux libfc's order (fc_lport.c): PLOGI
 * to the directory server (FFFFFCh); RFT_ID (FC-GS-7, command 0217h: FC-4 type FCP) and RFF_ID (021Fh: FCP
 * target) so initiators find it with GPN_FT/GFF_ID; SCR to the fabric controller (FFFFFDh, full
 * registration) so it gets RSCNs. One request at a time; a reject or {@value #TIMEOUT} ms without an answer
 * start over from the PLOGI. Called on the port's receive and timer threads, serialised here; never blocks.
 */
final class NameServerRegistration {

    static final int DIRECTORY = 0xFFFFFC;
    static final int FABRIC_CONTROLLER = 0xFFFFFD;
    static final int TIMEOUT = 4000;
    static final int RFT_ID = 0x0217;
    static final int RFF_ID = 0x021F;
    static final int CT_ACCEPT = 0x8002;
    static final int R_CTL_CT_REQ = 0x02;
    static final int R_CTL_CT_REP = 0x03;
    static final int TYPE_CT = 0x20;
    /** The OX_IDs of our requests: one per step, in a range the initiator's (responder) exchanges never use. */
    static final int OX_ID_BASE = 0x0F20;

    enum Step { IDLE, PLOGI, RFT_ID, RFF_ID, SCR, DONE }

    private final LocalPort local;
    private final long portName;
    private final long nodeName;
    private Step step = Step.IDLE;
    private long deadline;
    /** The time of the last tick: replies come on the receive thread, which has no clock of its own. */
    private long now;

    NameServerRegistration(LocalPort local, long portName, long nodeName) {
        this.local = local;
        this.portName = portName;
        this.nodeName = nodeName;
    }

    synchronized Step step() {
        return step;
    }

    /** The FLOGI was accepted: register from the start. */
    synchronized void start(long now) {
        this.now = now;
        send(Step.PLOGI, now);
    }

    /** The virtual link went: nothing more until the next {@link #start}. */
    synchronized void reset() {
        step = Step.IDLE;
    }

    synchronized void tick(long now) {
        this.now = now;
        if (step != Step.IDLE && step != Step.DONE && now >= deadline) {
            local.log().warn("fcst {}: no answer to {} from the fabric; registering again", local.name(), step);
            send(Step.PLOGI, now);
        }
    }

    /** An ELS or CT reply to us; false if it answers none of our requests. */
    synchronized boolean reply(FcHeader h, ByteBuf payload) {
        if (step == Step.IDLE || step == Step.DONE || h.oxId() != OX_ID_BASE + step.ordinal()) {
            return false;
        }
        int at = payload.readerIndex();
        boolean accepted = step == Step.RFT_ID || step == Step.RFF_ID
                ? payload.readableBytes() >= 16 && payload.getUnsignedShort(at + 8) == CT_ACCEPT
                : payload.readableBytes() >= 4 && payload.getUnsignedByte(at) == Els.LS_ACC;
        if (!accepted) {
            local.log().warn("fcst {}: the fabric rejected {}; registering again", local.name(), step);
            send(Step.PLOGI, now);
        } else if (step == Step.SCR) {
            step = Step.DONE;
            local.log().info("fcst {}: registered with the fabric's name server as an FCP target", local.name());
        } else {
            send(Step.values()[step.ordinal() + 1], now);
        }
        return true;
    }

    private void send(Step next, long now) {
        step = next;
        deadline = now + TIMEOUT;
        ByteBuf payload = ByteBufAllocator.DEFAULT.heapBuffer(ServiceParameters.LENGTH);
        int portId = local.portId();
        int destination = next == Step.SCR ? FABRIC_CONTROLLER : DIRECTORY;
        boolean ct = next == Step.RFT_ID || next == Step.RFF_ID;
        switch (next) {
            case PLOGI -> {
                ServiceParameters.writeAccept(payload, false, portName, nodeName, local.receiveDataFieldSize());
                payload.setByte(0, Els.PLOGI);
            }
            case RFT_ID -> {
                ctHeader(payload, RFT_ID);
                payload.writeInt(portId).writeInt(1 << FcHeader.TYPE_FCP).writeZero(28); // FC-4 types: FCP
            }
            case RFF_ID -> {
                ctHeader(payload, RFF_ID);
                payload.writeInt(portId).writeShort(0).writeByte(Els.FCP_FEATURE_TARGET).writeByte(FcHeader.TYPE_FCP);
            }
            case SCR -> payload.writeInt(Els.SCR << 24).writeInt(3); // full registration
            default -> throw new IllegalStateException(next.toString());
        }
        FcHeader h = new FcHeader(ct ? R_CTL_CT_REQ : FcHeader.R_CTL_ELS_REQ, destination, 0, portId,
                ct ? TYPE_CT : FcHeader.TYPE_ELS, 0x290000, 0, 0, 0, OX_ID_BASE + next.ordinal(), 0xFFFF, 0);
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(FcoeCodec.OVERHEAD + FcHeader.LENGTH
                + payload.readableBytes() + 3);
        try {
            FcoeCodec.encodeSingle(out, local.peerMac(destination), local.sourceMac(), h, payload);
        } finally {
            payload.release();
        }
        local.output().send(out);
    }

    /** The CT_IU preamble (FC-GS-7 4.3.1): revision 1, directory service (FCh), name server (02h). */
    private static void ctHeader(ByteBuf out, int command) {
        out.writeByte(1).writeMedium(0).writeByte(0xFC).writeByte(0x02).writeByte(0).writeByte(0)
                .writeShort(command).writeShort(0).writeInt(0);
    }
}
