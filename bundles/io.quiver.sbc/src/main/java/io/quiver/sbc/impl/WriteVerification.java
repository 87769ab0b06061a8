package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;
import java.io.IOException;

/**
 * The verify half of WRITE AND VERIFY (SBC-4 5.41-5.43): the blocks just written are read back from the
 * store and compared with the data-out, since a file or memory store has no error correction code of its
 * own to check. With BYTCHK 00b (medium verification) blocks that do not read back as written, or cannot
 * be read, are a MEDIUM ERROR, UNRECOVERED READ ERROR; with BYTCHK 01b (byte-by-byte) a difference is
 * MISCOMPARE DURING VERIFY OPERATION with the offset of the first differing byte in INFORMATION.
 * Stateless; runs on the thread of the write.
 */
final class WriteVerification {

    private WriteVerification() {
    }

    /** BYTCHK of a WRITE AND VERIFY CDB; 10b is reserved (INVALID FIELD IN CDB). */
    static int byteCheck(ByteBuf cdb) throws SenseException {
        int byteCheck = (Cdb.u8(cdb, 1) >>> 1) & 0x3;
        if (byteCheck == 0b10) {
            throw Senses.invalidCdb(1, 2);
        }
        return byteCheck;
    }

    /**
     * Reads back what {@code written} (not consumed) put at {@code lba} and compares.
     *
     * @throws SenseException MEDIUM ERROR or MISCOMPARE as the class says
     */
    static void check(SbcEngine e, DeviceTask task, long lba, ByteBuf written, int byteCheck) throws SenseException {
        int length = written.readableBytes();
        ByteBuf medium = TaskFlow.dataIn(task, length);
        try {
            e.store.read(lba, length / e.blockSize(), medium);
            int at = VerifyCommands.firstMismatch(medium, medium.readerIndex(), written, written.readerIndex(), length);
            if (at >= 0) {
                throw byteCheck == 0 ? new SenseException(Senses.mediumError(false)) : Senses.miscompare(at);
            }
        } catch (IOException ex) {
            SenseData condition = Senses.ofStoreCondition(ex);
            throw new SenseException(condition != null ? condition : Senses.mediumError(false));
        } finally {
            medium.release();
        }
    }
}
