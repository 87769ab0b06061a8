package io.quiver.iscsi.pdu;

import io.netty.buffer.ByteBufAllocator;

/** Field access for the Logout Request (RFC 7143, 11.14) and building of the Logout Response (11.15). Stateless. */
public final class LogoutPdu {

    public static final int CLOSE_SESSION = 0;
    public static final int CLOSE_CONNECTION = 1;
    public static final int REMOVE_CONNECTION_FOR_RECOVERY = 2;

    /** Response: connection or session closed successfully. */
    public static final int CLOSED = 0;
    public static final int CID_NOT_FOUND = 1;
    public static final int RECOVERY_NOT_SUPPORTED = 2;

    private LogoutPdu() {
    }

    public static int reasonCode(IscsiPdu pdu) {
        return pdu.flags() & 0x7F;
    }

    public static int connectionId(IscsiPdu pdu) {
        return pdu.shortAt(20);
    }

    public static int cmdSn(IscsiPdu pdu) {
        return pdu.intAt(24);
    }

    public static IscsiPdu response(ByteBufAllocator alloc, int itt, int response, int time2Wait, int time2Retain) {
        return IscsiPdu.create(alloc, Opcode.LOGOUT_RESPONSE, 0x80, null).setByte(2, response)
                .setInitiatorTaskTag(itt).setShort(40, time2Wait).setShort(42, time2Retain);
    }
}
