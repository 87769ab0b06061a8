package io.quiver.transport.fcoe.impl.frame;

import io.netty.buffer.ByteBuf;

/**
 * 48-bit MAC addresses held in the low bits of a {@code long}, and the FCoE addresses derived from port IDs.
 * Stateless.
 */
public final class MacAddress {

    /**
     * FC-MAP of VN2VN (FC-BB-6 7.8.7.2, Linux's {@code FIP_VN_FC_MAP}): VN_Port MAC = 0E:FD:00 + port ID.
     * 0E:FC:00 is the default FC-MAP of fabrics (FPMA behind an FCF); Linux's VN2VN initiator addresses its
     * frames to 0E:FD:00 + our port ID, and a VN_Port on 0E:FC:00 never sees them.
     */
    public static final int VN2VN_FC_MAP = 0x0EFD00;
    /**
     * ALL-VN2VN-ENODE-MACs multicast group, 01:10:18:01:00:04 (FC-BB-6 table 36, Linux's
     * {@code FIP_ALL_VN2VN_MACS}); 01:10:18:01:00:01 is ALL-ENode-MACs of fabric FIP, which a VN2VN ENode
     * does not join, so probes, claims and beacons sent there are never heard.
     */
    public static final long ALL_VN2VN = 0x011018010004L;
    /** ALL-FCF-MACs (FC-BB-6): discovery solicitations go here. */
    public static final long ALL_FCF = 0x011018010002L;
    /** ALL-ENode-MACs (FC-BB-6): unsolicited FCF advertisements come here. */
    public static final long ALL_ENODE = 0x011018010001L;
    /** ALL-P2P-ENODE-MACs multicast group (01:10:18:01:00:05). */
    public static final long ALL_P2P = 0x011018010005L;

    private MacAddress() {
    }

    /** The VN_Port MAC address of a port ID under the VN2VN FC-MAP. */
    public static long vnPort(int portId) {
        return ((long) VN2VN_FC_MAP << 24) | (portId & 0xFFFFFF);
    }

    public static long read(ByteBuf buf, int at) {
        return ((long) buf.getUnsignedShort(at) << 32) | buf.getUnsignedInt(at + 2);
    }

    public static void write(ByteBuf out, long mac) {
        out.writeShort((int) (mac >>> 32)).writeInt((int) mac);
    }

    public static long of(byte[] six) {
        long v = 0;
        for (byte b : six) {
            v = v << 8 | (b & 0xFF);
        }
        return v;
    }

    public static byte[] bytes(long mac) {
        byte[] b = new byte[6];
        for (int i = 5; i >= 0; i--) {
            b[i] = (byte) mac;
            mac >>>= 8;
        }
        return b;
    }

    /** A unicast address that is not all zeros (what FIP requires of a MAC descriptor). */
    public static boolean validUnicast(long mac) {
        return mac != 0 && (mac & 0x010000000000L) == 0;
    }

    public static String format(long mac) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes(mac)) {
            s.append(s.isEmpty() ? "" : ":").append(String.format("%02x", b & 0xFF));
        }
        return s.toString();
    }
}
