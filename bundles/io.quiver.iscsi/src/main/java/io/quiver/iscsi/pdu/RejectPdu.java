package io.quiver.iscsi.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Building of the Reject PDU (RFC 7143, 11.17). Stateless. */
public final class RejectPdu {

    public static final int DATA_DIGEST_ERROR = 0x02;
    public static final int SNACK_REJECT = 0x03;
    public static final int PROTOCOL_ERROR = 0x04;
    public static final int COMMAND_NOT_SUPPORTED = 0x05;
    public static final int IMMEDIATE_COMMAND_REJECT = 0x06;
    public static final int TASK_IN_PROGRESS = 0x07;
    public static final int INVALID_DATA_ACK = 0x08;
    public static final int INVALID_PDU_FIELD = 0x09;
    public static final int LONG_OPERATION_REJECT = 0x0A;
    public static final int WAITING_FOR_LOGOUT = 0x0C;

    private RejectPdu() {
    }

    public static int reason(IscsiPdu pdu) {
        return pdu.byteAt(2);
    }

    /** A Reject carrying a copy of the offending BHS as its data segment (48 bytes, not on the data path). */
    public static IscsiPdu of(ByteBufAllocator alloc, int reason, ByteBuf rejectedBhs) {
        ByteBuf copy = alloc.directBuffer(IscsiPdu.BHS_LENGTH);
        copy.writeBytes(rejectedBhs, rejectedBhs.readerIndex(), IscsiPdu.BHS_LENGTH);
        return IscsiPdu.create(alloc, Opcode.REJECT, 0x80, copy).setByte(2, reason)
                .setInitiatorTaskTag(IscsiPdu.RESERVED_TAG);
    }
}
