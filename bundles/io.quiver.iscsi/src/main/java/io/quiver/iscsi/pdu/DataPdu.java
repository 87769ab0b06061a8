package io.quiver.iscsi.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Field access for SCSI Data-Out (RFC 7143, 11.7) and building of SCSI Data-In PDUs, plus the Ready To
 * Transfer PDU (11.8) that asks for Data-Out. Stateless.
 */
public final class DataPdu {

    /** S: the Data-In carries the command's status (phase collapse). */
    public static final int STATUS = 0x01;

    private DataPdu() {
    }

    public static int targetTransferTag(IscsiPdu pdu) {
        return pdu.intAt(20);
    }

    public static int expStatSn(IscsiPdu pdu) {
        return pdu.intAt(28);
    }

    public static int dataSn(IscsiPdu pdu) {
        return pdu.intAt(36);
    }

    public static int bufferOffset(IscsiPdu pdu) {
        return pdu.intAt(40);
    }

    /**
     * A Data-In PDU carrying {@code data} (ownership passes). Status, StatSN and residuals are set by
     * {@link #collapseStatus} on the last one.
     */
    public static IscsiPdu dataIn(ByteBufAllocator alloc, long lun, int itt, int dataSn, int bufferOffset,
            boolean last, ByteBuf data) {
        return IscsiPdu.create(alloc, Opcode.SCSI_DATA_IN, last ? 0x80 : 0, data).setLun(lun)
                .setInitiatorTaskTag(itt).setInt(20, IscsiPdu.RESERVED_TAG).setInt(36, dataSn)
                .setInt(40, bufferOffset);
    }

    /** Puts the status into a final Data-In (S bit, status byte, residuals); StatSN is set when sent. */
    public static IscsiPdu collapseStatus(IscsiPdu dataIn, int status, ResidualFlags residual) {
        return dataIn.setByte(1, dataIn.flags() | STATUS | residual.flags()).setByte(3, status)
                .setInt(44, residual.count());
    }

    public static boolean carriesStatus(IscsiPdu pdu) {
        return pdu.opcode() == Opcode.SCSI_DATA_IN && (pdu.flags() & STATUS) != 0;
    }

    /** An R2T asking for {@code length} bytes at {@code offset}. */
    public static IscsiPdu readyToTransfer(ByteBufAllocator alloc, long lun, int itt, int ttt, int r2tSn,
            int offset, int length) {
        return IscsiPdu.create(alloc, Opcode.READY_TO_TRANSFER, 0x80, null).setLun(lun).setInitiatorTaskTag(itt)
                .setInt(20, ttt).setInt(36, r2tSn).setInt(40, offset).setInt(44, length);
    }
}
