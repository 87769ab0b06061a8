package io.quiver.iscsi.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Building of the Asynchronous Message PDU (RFC 7143, 11.9). Stateless. */
public final class AsyncMessagePdu {

    /** AsyncEvent 0: a SCSI asynchronous event; the data segment carries sense data. */
    public static final int SCSI_EVENT = 0;
    /** AsyncEvent 1: the target requests a logout. */
    public static final int LOGOUT_REQUESTED = 1;

    private AsyncMessagePdu() {
    }

    public static int asyncEvent(IscsiPdu pdu) {
        return pdu.byteAt(36);
    }

    /**
     * The target asks the initiator to log out within {@code logoutWithinSeconds} (Parameter3), with
     * DefaultTime2Wait / DefaultTime2Retain in Parameter2 / Parameter3 per RFC 7143.
     */
    public static IscsiPdu logoutRequest(ByteBufAllocator alloc, int logoutWithinSeconds) {
        return IscsiPdu.create(alloc, Opcode.ASYNCHRONOUS_MESSAGE, 0x80, null)
                .setInitiatorTaskTag(IscsiPdu.RESERVED_TAG).setInt(20, 0).setByte(36, LOGOUT_REQUESTED)
                .setShort(42, logoutWithinSeconds);
    }

    /** A SCSI asynchronous event for {@code lun}; {@code senseSegment} (SenseLength + sense) ownership passes. */
    public static IscsiPdu scsiEvent(ByteBufAllocator alloc, long lun, ByteBuf senseSegment) {
        return IscsiPdu.create(alloc, Opcode.ASYNCHRONOUS_MESSAGE, 0x80, senseSegment).setLun(lun)
                .setInitiatorTaskTag(IscsiPdu.RESERVED_TAG).setByte(36, SCSI_EVENT);
    }
}
