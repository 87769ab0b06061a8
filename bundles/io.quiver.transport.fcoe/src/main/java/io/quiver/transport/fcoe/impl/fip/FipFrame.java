package io.quiver.transport.fcoe.impl.fip;

import io.netty.buffer.ByteBuf;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.MacAddress;
import io.quiver.transport.fcoe.impl.frame.MalformedFrameException;

/**
 * One received FIP frame (FC-BB-6 7.8.7), its descriptors parsed: the values of the descriptors this target
 * understands, each at most once. Immutable apart from {@link #els}, a slice of the receive buffer valid
 * while the receiver's callback runs.
 *
 * @param els for an encapsulated ELS (op {@link Fip#OP_ELS}): the FC header and ELS payload, else null
 * @param elsType the encapsulating descriptor's type (FLOGI, FDISC, LOGO), 0 if none
 * @param priority an FCF advertisement's priority (lower is preferred), 128 if none
 * @param fabricName an FCF advertisement's fabric name, 0 if none
 * @param fkaPeriod an FCF advertisement's FKA_ADV_Period in milliseconds, 0 if none
 * @param portIds the port IDs of every Vx_Port ID descriptor (a Clear Virtual Links may carry several)
 */
public record FipFrame(long destination, long source, int op, int subcode, int flags, long mac, long nodeName,
        long vnMac, int portId, long portName, int fcoeSize, int elsType, ByteBuf els, int priority,
        long fabricName, int fkaPeriod, int[] portIds) {

    /**
     * Decodes a whole Ethernet frame of ethertype 0x8914.
     *
     * @throws MalformedFrameException on a wrong version, a descriptor list longer than the frame, a descriptor
     *         of a wrong length, a duplicated critical descriptor or an unknown critical one (type below 128)
     */
    public static FipFrame decode(ByteBuf frame) throws MalformedFrameException {
        int at = frame.readerIndex();
        if (frame.readableBytes() < Fip.HEADER_END || frame.getUnsignedShort(at + 12) != Fip.ETHERTYPE) {
            throw new MalformedFrameException("not a FIP frame");
        }
        if (frame.getUnsignedByte(at + 14) >> 4 != Fip.VERSION) {
            throw new MalformedFrameException("FIP version " + (frame.getUnsignedByte(at + 14) >> 4));
        }
        int op = frame.getUnsignedShort(at + 16);
        int subcode = frame.getUnsignedByte(at + 19);
        int listLength = frame.getUnsignedShort(at + 20) * 4;
        int flags = frame.getUnsignedShort(at + 22);
        if (Fip.HEADER_END + listLength > frame.readableBytes()) {
            throw new MalformedFrameException("FIP descriptor list of " + listLength + " bytes exceeds the frame");
        }
        long mac = 0;
        long nodeName = 0;
        long vnMac = 0;
        int portId = 0;
        long portName = 0;
        int size = 0;
        int elsType = 0;
        ByteBuf els = null;
        int priority = 128;
        long fabricName = 0;
        int fka = 0;
        int[] portIds = new int[0];
        int seen = 0;
        int d = at + Fip.HEADER_END;
        int end = d + listLength;
        while (d < end) {
            int type = frame.getUnsignedByte(d);
            int length = frame.getUnsignedByte(d + 1) * 4;
            if (length < 4 || d + length > end) {
                throw new MalformedFrameException("FIP descriptor type " + type + " of length " + length);
            }
            if (type < 32 && type != Fip.DT_MAC && type != Fip.DT_VN_ID) {
                if ((seen & 1 << type) != 0) {
                    throw new MalformedFrameException("duplicate FIP descriptor type " + type);
                }
                seen |= 1 << type;
            }
            switch (type) {
                case Fip.DT_MAC -> {
                    expect(type, length, 8);
                    if (mac == 0) {
                        mac = MacAddress.read(frame, d + 2);
                    }
                }
                case Fip.DT_NAME -> {
                    expect(type, length, 12);
                    nodeName = frame.getLong(d + 4);
                }
                case Fip.DT_VN_ID -> {
                    expect(type, length, 20);
                    if (portIds.length == 0) {
                        vnMac = MacAddress.read(frame, d + 2);
                        portId = frame.getUnsignedMedium(d + 9);
                        portName = frame.getLong(d + 12);
                    }
                    portIds = java.util.Arrays.copyOf(portIds, portIds.length + 1);
                    portIds[portIds.length - 1] = frame.getUnsignedMedium(d + 9);
                }
                case Fip.DT_PRI -> {
                    expect(type, length, 4);
                    priority = frame.getUnsignedByte(d + 3);
                }
                case Fip.DT_FAB -> {
                    expect(type, length, 16);
                    fabricName = frame.getLong(d + 8);
                }
                case Fip.DT_FKA -> {
                    expect(type, length, 8);
                    fka = frame.getInt(d + 4);
                }
                case Fip.DT_FC4F -> expect(type, length, Fip.FC4F_LENGTH);
                case Fip.DT_FCOE_SIZE -> {
                    expect(type, length, 4);
                    size = frame.getUnsignedShort(d + 2);
                }
                case Fip.DT_FLOGI, Fip.DT_FDISC, Fip.DT_LOGO -> {
                    if (length < 4 + FcHeader.LENGTH + 4) {
                        throw new MalformedFrameException("encapsulated ELS of " + length + " bytes");
                    }
                    elsType = type;
                    els = frame.slice(d + 4, length - 4);
                }
                default -> {
                    if (type < Fip.DT_NON_CRITICAL) {
                        throw new MalformedFrameException("unknown critical FIP descriptor type " + type);
                    }
                }
            }
            d += length;
        }
        return new FipFrame(MacAddress.read(frame, at), MacAddress.read(frame, at + 6), op, subcode, flags, mac,
                nodeName, vnMac, portId, portName, size, elsType, els, priority, fabricName, fka, portIds);
    }

    private static void expect(int type, int length, int wanted) throws MalformedFrameException {
        if (length != wanted) {
            throw new MalformedFrameException("FIP descriptor type " + type + " of " + length + " bytes, not " + wanted);
        }
    }

    /** Whether this is a VN2VN frame carrying the MAC, name and VN_Port ID descriptors it must carry. */
    public boolean completeVn2Vn() {
        return op == Fip.OP_VN2VN && MacAddress.validUnicast(mac) && nodeName != 0 && portName != 0 && portId != 0;
    }
}
