package io.quiver.transport.fcoe.impl.fip;

import io.netty.buffer.ByteBuf;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.MacAddress;

/**
 * FIP constants (FC-BB-6 7.8.7, Linux's {@code scsi/fc/fc_fip.h}) and the frames this target sends: VN2VN
 * probe, claim and beacon frames, encapsulated ELS replies, and towards an FCF discovery solicitations,
 * encapsulated FLOGI and keep-alives. Stateless.
 */
public final class Fip {

    public static final int ETHERTYPE = 0x8914;
    public static final int VERSION = 1;
    /** Ethernet header plus the 10-byte FIP header. */
    public static final int HEADER_END = 24;

    public static final int OP_DISCOVERY = 0x0001;
    public static final int OP_ELS = 0x0002;
    public static final int OP_CONTROL = 0x0003;
    public static final int OP_VLAN = 0x0004;
    public static final int OP_VN2VN = 0x0005;

    /** Discovery subcodes (FCF discovery, FC-BB-6 7.8.7.1). */
    public static final int SC_SOLICITATION = 1;
    public static final int SC_ADVERTISEMENT = 2;
    /** Link service subcodes: keep-alive (ENode or VN_Port), Clear Virtual Links (from the FCF). */
    public static final int SC_KEEP_ALIVE = 1;
    public static final int SC_CLEAR_VIRTUAL_LINKS = 2;

    /** FIP header flags: fabric-provided MAC addresses, available for login, solicited, from an FCF. */
    public static final int FLAG_FPMA = 0x8000;
    public static final int FLAG_AVAILABLE = 0x0004;
    public static final int FLAG_SOLICITED = 0x0002;
    public static final int FLAG_FCF = 0x0001;

    /** Encapsulated ELS subcodes. */
    public static final int SC_REQUEST = 1;
    public static final int SC_REPLY = 2;

    /** VN2VN subcodes. */
    public static final int SC_PROBE_REQUEST = 1;
    public static final int SC_PROBE_REPLY = 2;
    public static final int SC_CLAIM_NOTIFY = 3;
    public static final int SC_CLAIM_RESPONSE = 4;
    public static final int SC_BEACON = 5;

    public static final int DT_PRI = 1;
    public static final int DT_MAC = 2;
    public static final int DT_MAP_OUI = 3;
    public static final int DT_NAME = 4;
    public static final int DT_FAB = 5;
    public static final int DT_FCOE_SIZE = 6;
    public static final int DT_FLOGI = 7;
    public static final int DT_FDISC = 8;
    public static final int DT_LOGO = 9;
    public static final int DT_ELP = 10;
    public static final int DT_VN_ID = 11;
    public static final int DT_FKA = 12;
    public static final int DT_VENDOR = 13;
    /** VLAN descriptor (FIP VLAN discovery). */
    public static final int DT_VLAN = 14;
    /**
     * FC-4 features descriptor (FC-BB-6, Linux's {@code FIP_DT_FC4F}), which VN2VN claims carry: 15, not 14
     * (the VLAN descriptor); Linux drops a claim with a descriptor it does not expect, and we dropped Linux's
     * claims as carrying an unknown critical descriptor.
     */
    public static final int DT_FC4F = 15;
    public static final int DT_NON_CRITICAL = 128;
    /** FC-4 features descriptor: header, 2 reserved, 32-byte FC-4 type map, 128-byte feature map. */
    public static final int FC4F_LENGTH = 164;

    private Fip() {
    }

    /** Appends the Ethernet and FIP headers; the descriptor list length is {@code listBytes}. */
    public static void header(ByteBuf out, long destination, long source, int op, int subcode, int listBytes) {
        header(out, destination, source, op, subcode, listBytes, 0);
    }

    /** As {@link #header(ByteBuf, long, long, int, int, int)}, with the FIP flags {@code flags}. */
    public static void header(ByteBuf out, long destination, long source, int op, int subcode, int listBytes,
            int flags) {
        MacAddress.write(out, destination);
        MacAddress.write(out, source);
        out.writeShort(ETHERTYPE);
        out.writeByte(VERSION << 4).writeByte(0).writeShort(op).writeByte(0).writeByte(subcode)
                .writeShort(listBytes / 4).writeShort(flags);
    }

    /**
     * Appends a discovery solicitation (FC-BB-6 7.8.7.1, as Linux's {@code fcoe_ctlr_solicit} sends it) to the
     * ALL-FCF-MACs: FPMA, MAC, node name and maximum FCoE size descriptors.
     */
    public static void solicitation(ByteBuf out, long enodeMac, long nodeName, int maxFcoeSize) {
        header(out, MacAddress.ALL_FCF, enodeMac, OP_DISCOVERY, SC_SOLICITATION, 24, FLAG_FPMA);
        out.writeByte(DT_MAC).writeByte(2);
        MacAddress.write(out, enodeMac);
        out.writeByte(DT_NAME).writeByte(3).writeShort(0).writeLong(nodeName);
        out.writeByte(DT_FCOE_SIZE).writeByte(1).writeShort(maxFcoeSize);
    }

    /**
     * Appends a keep-alive to the FCF: the ENode's (MAC descriptor) or, with a {@code portId}, the VN_Port's
     * (MAC descriptor, then the Vx_Port ID descriptor with the VN_Port MAC, port ID and port name), which
     * leaves from the VN_Port MAC as Linux's {@code fcoe_ctlr_send_keep_alive} sends it.
     */
    public static void keepAlive(ByteBuf out, long fcfMac, long enodeMac, long vnMac, int portId, long portName) {
        boolean port = portId != 0;
        header(out, fcfMac, port ? vnMac : enodeMac, OP_CONTROL, SC_KEEP_ALIVE, port ? 28 : 8, FLAG_FPMA);
        out.writeByte(DT_MAC).writeByte(2);
        MacAddress.write(out, enodeMac);
        if (port) {
            out.writeByte(DT_VN_ID).writeByte(5);
            MacAddress.write(out, vnMac);
            out.writeByte(0).writeMedium(portId).writeLong(portName);
        }
    }

    /**
     * Appends a VN2VN frame (probe request/reply, claim notification/response, beacon) of a VN_Port: MAC, name
     * and VN_Port ID descriptors, and for claims the FC-4 features (FCP target) and the maximum FCoE size.
     */
    public static void vn2vn(ByteBuf out, long destination, int subcode, long enodeMac, long nodeName, int portId,
            long portName, int maxFcoeSize) {
        boolean claim = subcode == SC_CLAIM_NOTIFY || subcode == SC_CLAIM_RESPONSE;
        long source = subcode == SC_BEACON ? MacAddress.vnPort(portId) : enodeMac;
        header(out, destination, source, OP_VN2VN, subcode, 8 + 12 + 20 + (claim ? FC4F_LENGTH + 4 : 0));
        out.writeByte(DT_MAC).writeByte(2);
        MacAddress.write(out, enodeMac);
        out.writeByte(DT_NAME).writeByte(3).writeShort(0).writeLong(nodeName);
        out.writeByte(DT_VN_ID).writeByte(5);
        MacAddress.write(out, MacAddress.vnPort(portId));
        out.writeByte(0).writeMedium(portId).writeLong(portName);
        if (claim) {
            out.writeByte(DT_FC4F).writeByte(FC4F_LENGTH / 4).writeShort(0);
            out.writeInt(1 << (FcHeader.TYPE_FCP % 32)); // FC-4 type map: FCP
            out.writeZero(28);
            out.writeInt(0); // features of types 0-7
            out.writeInt(0x1); // FCP (type 8): target
            out.writeZero(120);
            out.writeByte(DT_FCOE_SIZE).writeByte(1).writeShort(maxFcoeSize);
        }
    }

    /**
     * Appends an encapsulated ELS reply (subcode 2): the FC header and ELS payload inside a descriptor of
     * {@code descriptorType}, followed, except for an LS_RJT, by a MAC descriptor with {@code vnMac}.
     */
    public static void elsReply(ByteBuf out, long destination, long source, int descriptorType, FcHeader header,
            ByteBuf payload, boolean reject, long vnMac) {
        encapsulate(out, destination, source, SC_REPLY, 0, descriptorType, header, payload, !reject, vnMac);
    }

    /**
     * Appends an encapsulated ELS request (subcode 1), FPMA: a FLOGI to an FCF with its MAC descriptor zeroed,
     * as FC-BB-6 wants for a fabric-provided MAC address.
     */
    public static void elsRequest(ByteBuf out, long destination, long source, int descriptorType, FcHeader header,
            ByteBuf payload) {
        encapsulate(out, destination, source, SC_REQUEST, FLAG_FPMA, descriptorType, header, payload, true, 0);
    }

    private static void encapsulate(ByteBuf out, long destination, long source, int subcode, int flags,
            int descriptorType, FcHeader header, ByteBuf payload, boolean withMac, long vnMac) {
        int elsBytes = 4 + FcHeader.LENGTH + payload.readableBytes();
        header(out, destination, source, OP_ELS, subcode, elsBytes + (withMac ? 8 : 0), flags);
        out.writeByte(descriptorType).writeByte(elsBytes / 4).writeShort(0);
        header.write(out);
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        if (withMac) {
            out.writeByte(DT_MAC).writeByte(2);
            MacAddress.write(out, vnMac);
        }
    }
}
