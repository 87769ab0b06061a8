package io.quiver.iscsi.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Field access for the Text Request (RFC 7143, 11.10) and building of the Text Response (11.11). Stateless. */
public final class TextPdu {

    private static final int CONTINUE = 0x40;

    private TextPdu() {
    }

    public static boolean isContinue(IscsiPdu pdu) {
        return (pdu.flags() & CONTINUE) != 0;
    }

    public static int targetTransferTag(IscsiPdu pdu) {
        return pdu.intAt(20);
    }

    public static int cmdSn(IscsiPdu pdu) {
        return pdu.intAt(24);
    }

    /**
     * The empty, non-final Text Response to a request sent with C (RFC 7143, 11.11.2): F and C clear, and a TTT
     * the initiator's next piece carries.
     */
    public static IscsiPdu awaitingMore(ByteBufAllocator alloc, long lun, int itt, int ttt) {
        return IscsiPdu.create(alloc, Opcode.TEXT_RESPONSE, 0, null).setLun(lun).setInitiatorTaskTag(itt)
                .setInt(20, ttt);
    }

    /**
     * A Text Response; a non-final one ({@code more}) sets C and carries a TTT the initiator continues with.
     */
    public static IscsiPdu response(ByteBufAllocator alloc, long lun, int itt, boolean more, int ttt, ByteBuf text) {
        return IscsiPdu.create(alloc, Opcode.TEXT_RESPONSE, more ? CONTINUE : 0x80, text).setLun(lun)
                .setInitiatorTaskTag(itt).setInt(20, more ? ttt : IscsiPdu.RESERVED_TAG);
    }
}
