package io.quiver.initiator.iscsi;

import io.netty.buffer.ByteBuf;

/**
 * How a SCSI command ended on the target: the status byte, the sense data as the target sent it (unchanged;
 * empty unless CHECK CONDITION), the data-in received, and the residual count with its direction (RFC 7143,
 * 11.4.5). The caller owns {@link #dataIn()} and {@link #sense()} and releases the result once with
 * {@link #release()}. Used by one thread at a time.
 *
 * @param status the SCSI status byte (SAM-5): 0x00 GOOD, 0x02 CHECK CONDITION, ...
 * @param sense the sense data without the iSCSI SenseLength field; empty if none
 * @param dataIn the data-in (a composite of the Data-In segments, not copied); empty for none
 * @param residual the residual count the target reported
 * @param underflow whether the target moved fewer bytes than expected (residual underflow)
 * @param overflow whether the command wanted more than expected (residual overflow)
 */
public record ScsiResult(int status, ByteBuf sense, ByteBuf dataIn, int residual, boolean underflow, boolean overflow) {

    /** Releases the sense and data-in buffers, exactly once. */
    public void release() {
        sense.release();
        dataIn.release();
    }
}
