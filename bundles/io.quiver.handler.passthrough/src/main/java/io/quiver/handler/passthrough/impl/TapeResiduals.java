package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.initiator.iscsi.ScsiResult;

/**
 * scst_tape's residual fix for pass-through tape drives: a READ(6) that stops early at a filemark, the end of the
 * medium or a shorter block (FILEMARK, EOM or ILI in the sense, SILI not set in the CDB) moved only the transfer
 * length less the sense's INFORMATION, in blocks (fixed mode) or bytes (variable mode), whatever the HBA or the
 * remote target reported as residual. The data-in and residual the initiator gets then say that, so st and backup
 * software see the short read the drive reported. A block longer than asked for (a negative INFORMATION) is left
 * as the device reported it. Fixed and descriptor format sense alike. Stateless.
 */
final class TapeResiduals {

    private static final int READ_6 = 0x08;
    private static final int FIXED = 0x01;
    private static final int SILI = 0x02;
    private static final int CHECK_CONDITION = 0x02;
    private static final int FILEMARK_EOM_ILI = 0xE0;
    private static final int INFORMATION_DESCRIPTOR = 0x00;
    private static final int STREAM_DESCRIPTOR = 0x04;

    private TapeResiduals() {
    }

    /**
     * {@code r} with data-in and residual fixed as above, or {@code r} itself when the fix does not apply. The
     * block size of a fixed-mode read is the initiator's expected length over the CDB's transfer length.
     */
    static ScsiResult fixed(ByteBuf cdb, ScsiResult r, long expected) {
        int at = cdb.readerIndex();
        if (r.status() != CHECK_CONDITION || cdb.readableBytes() < 6 || cdb.getUnsignedByte(at) != READ_6
                || (cdb.getByte(at + 1) & SILI) != 0) {
            return r;
        }
        long residue = residue(r.sense());
        long transfer = cdb.getUnsignedMedium(at + 2);
        if (residue < 0 || residue > transfer) {
            return r;
        }
        long blockSize = 1;
        if ((cdb.getByte(at + 1) & FIXED) != 0) {
            if (transfer == 0 || expected % transfer != 0) {
                return r;
            }
            blockSize = expected / transfer;
        }
        long moved = (transfer - residue) * blockSize;
        if (moved > expected) {
            return r;
        }
        ByteBuf in = r.dataIn();
        if (in.readableBytes() > moved) {
            in.writerIndex(in.readerIndex() + (int) moved);
        }
        int resid = (int) (expected - moved);
        return new ScsiResult(r.status(), r.sense(), in, resid, resid > 0, false);
    }

    /**
     * The INFORMATION of sense that reports a filemark, end of medium or incorrect length with a valid information
     * field; -1 for any other sense (or a negative INFORMATION: a longer block than asked for).
     */
    static long residue(ByteBuf sense) {
        int at = sense.readerIndex();
        int length = sense.readableBytes();
        if (length < 8) {
            return -1;
        }
        int code = sense.getByte(at) & 0x7F;
        if (code == 0x70 || code == 0x71) {
            boolean valid = (sense.getByte(at) & 0x80) != 0;
            return valid && (sense.getByte(at + 2) & FILEMARK_EOM_ILI) != 0 ? sense.getInt(at + 3) : -1;
        }
        if (code != 0x72 && code != 0x73) {
            return -1;
        }
        boolean stream = false;
        long information = -1;
        int end = Math.min(length, 8 + sense.getUnsignedByte(at + 7));
        for (int d = 8; d + 2 <= end; d += 2 + sense.getUnsignedByte(at + d + 1)) {
            int type = sense.getUnsignedByte(at + d);
            if (type == STREAM_DESCRIPTOR && d + 4 <= end) {
                stream = (sense.getByte(at + d + 3) & FILEMARK_EOM_ILI) != 0;
            } else if (type == INFORMATION_DESCRIPTOR && d + 12 <= end && (sense.getByte(at + d + 2) & 0x80) != 0) {
                information = sense.getLong(at + d + 4);
            }
        }
        return stream ? information : -1;
    }
}
