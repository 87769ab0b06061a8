package io.quiver.iscsi.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Field access for the Login Request (RFC 7143, 11.12) and building of the Login Response (11.13).
 * Stateless.
 */
public final class LoginPdu {

    /** CSG/NSG: SecurityNegotiation. */
    public static final int SECURITY_NEGOTIATION = 0;
    /** CSG/NSG: LoginOperationalNegotiation. */
    public static final int OPERATIONAL_NEGOTIATION = 1;
    /** NSG: FullFeaturePhase. */
    public static final int FULL_FEATURE_PHASE = 3;

    private static final int TRANSIT = 0x80;
    private static final int CONTINUE = 0x40;

    private LoginPdu() {
    }

    public static boolean isTransit(IscsiPdu pdu) {
        return (pdu.flags() & TRANSIT) != 0;
    }

    public static boolean isContinue(IscsiPdu pdu) {
        return (pdu.flags() & CONTINUE) != 0;
    }

    public static int currentStage(IscsiPdu pdu) {
        return (pdu.flags() >> 2) & 0x03;
    }

    public static int nextStage(IscsiPdu pdu) {
        return pdu.flags() & 0x03;
    }

    public static int versionMax(IscsiPdu pdu) {
        return pdu.byteAt(2);
    }

    public static int versionMin(IscsiPdu pdu) {
        return pdu.byteAt(3);
    }

    /** The 6-byte ISID as a long. */
    public static long isid(IscsiPdu pdu) {
        return ((long) pdu.shortAt(8) << 32) | (pdu.intAt(10) & 0xFFFFFFFFL);
    }

    public static int tsih(IscsiPdu pdu) {
        return pdu.shortAt(14);
    }

    public static int connectionId(IscsiPdu pdu) {
        return pdu.shortAt(20);
    }

    public static int cmdSn(IscsiPdu pdu) {
        return pdu.intAt(24);
    }

    public static int expStatSn(IscsiPdu pdu) {
        return pdu.intAt(28);
    }

    /**
     * A Login Response echoing ISID and ITT of {@code request}, with the given stages, TSIH, status and
     * text (ownership passes).
     */
    public static IscsiPdu response(ByteBufAllocator alloc, IscsiPdu request, boolean transit, int csg, int nsg,
            int tsih, LoginStatus status, ByteBuf text) {
        int flags = (transit ? TRANSIT : 0) | (csg << 2) | (transit ? nsg : 0);
        return IscsiPdu.create(alloc, Opcode.LOGIN_RESPONSE, flags, text)
                .setByte(2, 0).setByte(3, 0)
                .setShort(8, request.shortAt(8)).setInt(10, request.intAt(10)).setShort(14, tsih)
                .setInitiatorTaskTag(request.initiatorTaskTag())
                .setByte(36, status.statusClass()).setByte(37, status.detail());
    }
}
