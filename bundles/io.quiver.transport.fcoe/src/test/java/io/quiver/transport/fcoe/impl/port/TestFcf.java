package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.transport.fcoe.impl.els.Els;
import io.quiver.transport.fcoe.impl.els.ServiceParameters;
import io.quiver.transport.fcoe.impl.fip.Fip;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.MacAddress;

/**
 * A minimal FCoE Forwarder played by hand (test code): the frames an FCF sends an ENode, laid out as FC-BB-6
 * 7.8.7 and Linux's {@code fc_fip.h} describe them — discovery advertisements (priority, MAC, switch name,
 * fabric and FKA_ADV_Period descriptors), the FIP-encapsulated FLOGI LS_ACC granting an FPMA MAC address, and
 * Clear Virtual Links. Frames go to the port under test through {@link TestInitiator#inbound}. One thread.
 */
final class TestFcf {

    static final long FABRIC_NAME = 0x1000000dec0de001L;
    static final int FKA_PERIOD = 8000;
    /** FC-MAP of fabric-provided MAC addresses (FC-BB-6 default). */
    static final int FC_MAP = 0x0EFC00;

    final long mac;
    final int priority;
    final long switchName;

    TestFcf(long mac, int priority) {
        this.mac = mac;
        this.priority = priority;
        this.switchName = 0x2000000000000000L | mac;
    }

    /** A discovery advertisement: solicited (to the ENode) or unsolicited (to ALL-ENode-MACs), available. */
    ByteBuf advertisement(long enodeMac, boolean solicited) {
        ByteBuf out = Unpooled.buffer();
        Fip.header(out, solicited ? enodeMac : MacAddress.ALL_ENODE, mac, Fip.OP_DISCOVERY, Fip.SC_ADVERTISEMENT,
                4 + 8 + 12 + 16 + 8, Fip.FLAG_FPMA | Fip.FLAG_AVAILABLE | (solicited ? Fip.FLAG_SOLICITED : 0)
                        | Fip.FLAG_FCF);
        out.writeByte(Fip.DT_PRI).writeByte(1).writeByte(0).writeByte(priority);
        out.writeByte(Fip.DT_MAC).writeByte(2);
        MacAddress.write(out, mac);
        out.writeByte(Fip.DT_NAME).writeByte(3).writeShort(0).writeLong(switchName);
        out.writeByte(Fip.DT_FAB).writeByte(4).writeShort(0).writeByte(0).writeMedium(FC_MAP).writeLong(FABRIC_NAME);
        out.writeByte(Fip.DT_FKA).writeByte(2).writeByte(0).writeByte(0).writeInt(FKA_PERIOD);
        return out;
    }

    /** The FLOGI LS_ACC inside FIP: D_ID the granted port ID, the MAC descriptor FC-MAP + port ID. */
    ByteBuf flogiAccept(long enodeMac, int oxId, int portId) {
        ByteBuf params = Unpooled.buffer();
        ServiceParameters.writeAccept(params, true, 0x2001000dec0de001L, switchName, 2048);
        FcHeader h = new FcHeader(FcHeader.R_CTL_ELS_REP, portId, 0, 0xFFFFFE, FcHeader.TYPE_ELS, 0x980000, 0, 0, 0,
                oxId, 0x0042, 0);
        ByteBuf out = Unpooled.buffer();
        Fip.elsReply(out, enodeMac, mac, Fip.DT_FLOGI, h, params, false, grantedMac(portId));
        return out;
    }

    /** An LS_RJT to a FLOGI inside FIP (no MAC descriptor). */
    ByteBuf flogiReject(long enodeMac, int oxId) {
        ByteBuf rjt = Unpooled.buffer().writeInt(Els.LS_RJT << 24).writeInt(Els.REASON_UNABLE_TO_PERFORM << 16);
        FcHeader h = new FcHeader(FcHeader.R_CTL_ELS_REP, 0, 0, 0xFFFFFE, FcHeader.TYPE_ELS, 0x980000, 0, 0, 0, oxId,
                0x0042, 0);
        ByteBuf out = Unpooled.buffer();
        Fip.elsReply(out, enodeMac, mac, Fip.DT_FLOGI, h, rjt, true, 0);
        return out;
    }

    /** Clear Virtual Links to the ENode: MAC and name descriptors, one Vx_Port ID descriptor per port ID. */
    ByteBuf clearVirtualLinks(long enodeMac, long portName, int... portIds) {
        ByteBuf out = Unpooled.buffer();
        Fip.header(out, enodeMac, mac, Fip.OP_CONTROL, Fip.SC_CLEAR_VIRTUAL_LINKS, 8 + 12 + 20 * portIds.length,
                Fip.FLAG_FCF);
        out.writeByte(Fip.DT_MAC).writeByte(2);
        MacAddress.write(out, mac);
        out.writeByte(Fip.DT_NAME).writeByte(3).writeShort(0).writeLong(switchName);
        for (int id : portIds) {
            out.writeByte(Fip.DT_VN_ID).writeByte(5);
            MacAddress.write(out, grantedMac(id));
            out.writeByte(0).writeMedium(id).writeLong(portName);
        }
        return out;
    }

    /**
     * The fabric's answer to one of the port's FCoE requests (PLOGI to the directory server, RFT_ID or RFF_ID
     * CT_IUs, SCR): LS_ACC / CT accept (8002h) or, with {@code accept} false, LS_RJT / CT reject (8001h), from
     * the request's D_ID on its exchange.
     */
    ByteBuf answer(ByteBuf request, boolean accept) throws Exception {
        io.quiver.transport.fcoe.impl.frame.FcoeFrame f = io.quiver.transport.fcoe.impl.frame.FcoeCodec.decode(request);
        FcHeader h = f.header();
        boolean ct = h.type() == 0x20;
        ByteBuf payload = Unpooled.buffer();
        if (ct) {
            payload.writeByte(1).writeMedium(0).writeByte(0xFC).writeByte(0x02).writeShort(0)
                    .writeShort(accept ? 0x8002 : 0x8001).writeShort(0).writeInt(accept ? 0 : 0x00090000);
        } else if (accept && f.payload().getUnsignedByte(f.payload().readerIndex()) == Els.PLOGI) {
            ServiceParameters.writeAccept(payload, false, 0x20fc000dec0de001L, switchName, 2048);
        } else {
            payload.writeInt((accept ? Els.LS_ACC : Els.LS_RJT) << 24);
            if (!accept) {
                payload.writeInt(Els.REASON_UNABLE_TO_PERFORM << 16);
            }
        }
        FcHeader reply = new FcHeader(ct ? 0x03 : FcHeader.R_CTL_ELS_REP, h.sId(), 0, h.dId(), h.type(), 0x980000, 0,
                0, 0, h.oxId(), 0x0050, 0);
        ByteBuf out = Unpooled.buffer();
        io.quiver.transport.fcoe.impl.frame.FcoeCodec.encodeSingle(out, f.source(), mac, reply, payload);
        return out;
    }

    static long grantedMac(int portId) {
        return (long) FC_MAP << 24 | portId;
    }
}
