package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.sbc.BlockStore;
import io.quiver.scsi.DataDirection;
import io.quiver.spi.device.DeviceTask;

/**
 * VERIFY (10/12/16) with BYTCHK 00b/01b/11b and COMPARE AND WRITE (SBC-3 5.34, 5.2). COMPARE AND WRITE
 * holds its range in the device's {@link RangeLock} from before the data-out transfer until the write
 * ends, so no other write to an overlapping range can come between its compare and its write. A
 * difference ends in MISCOMPARE, MISCOMPARE DURING VERIFY OPERATION with the offset of the first
 * differing byte in INFORMATION. Thread-safe.
 */
final class VerifyCommands {

    /** MAXIMUM COMPARE AND WRITE LENGTH of VPD B0h. */
    static final int MAX_COMPARE_AND_WRITE_BLOCKS = 255;

    private final SbcEngine e;
    private final ProtectedVerify protectedVerify;

    /** @param protectedVerify null on a device without protection information */
    VerifyCommands(SbcEngine e, ProtectedVerify protectedVerify) {
        this.e = e;
        this.protectedVerify = protectedVerify;
    }

    void verify(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        if (protectedVerify != null) {
            protectedVerify.verify(task, ProtectedCdb.of(cdb));
            return;
        }
        SbcEngine.checkNoProtection(cdb);
        int byteCheck = (Cdb.u8(cdb, 1) >>> 1) & 0x3;
        if (byteCheck == 0b10) {
            throw Senses.invalidCdb(1, 2);
        }
        long lba = Cdb.lba(cdb);
        long blocks = Cdb.transferLength(cdb);
        e.checkRange(lba, blocks);
        e.checkTransferLength(blocks, ReadWriteCommands.lengthOffset(cdb));
        if (blocks == 0 || byteCheck == 0) {
            // BYTCHK 0: a medium verification, which a store that reads without error passes.
            task.complete();
            return;
        }
        int bs = e.blockSize();
        int length = byteCheck == 0b11 ? bs : (int) blocks * bs;
        e.flow.dataOut(task, length, data -> {
            ByteBuf medium = TaskFlow.dataIn(task, (int) blocks * bs);
            try {
                e.store.read(lba, (int) blocks, medium);
                for (int off = 0; off < medium.writerIndex(); off += length) {
                    int at = firstMismatch(medium, off, data, data.readerIndex(), length);
                    if (at >= 0) {
                        throw Senses.miscompare(off + at);
                    }
                }
            } finally {
                medium.release();
            }
            TaskFlow.completeDataOut(task, length);
        }, () -> { });
    }

    void compareAndWrite(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        if (protectedVerify != null && Cdb.protect(cdb) != 0) {
            protectedVerify.compareAndWrite(task);
            return;
        }
        SbcEngine.checkNoProtection(cdb);
        long lba = Cdb.u64(cdb, 2);
        int blocks = Cdb.u8(cdb, 13);
        if (blocks > MAX_COMPARE_AND_WRITE_BLOCKS || blocks > e.maxTransferBlocks() / 2) {
            throw Senses.invalidCdb(13, -1);
        }
        e.checkRange(lba, blocks);
        e.checkWritable(task);
        int length = blocks * e.blockSize();
        boolean dataAnnounced = task.direction() == DataDirection.OUT;
        if ((blocks > 0 || dataAnnounced) && task.expectedDataTransferLength() != 2L * length) {
            // Data-out that does not match NUMBER OF LOGICAL BLOCKS cannot be split into compare and
            // write halves (libiscsi's invalid_dataout_size test expects a failure both ways). This
            // includes NUMBER OF LOGICAL BLOCKS 0 with data: a NoLB of 256 wraps to 0 in the CDB byte.
            throw Senses.invalidCdb(13, -1);
        }
        if (blocks == 0) {
            task.complete();
            return;
        }
        boolean durable = e.durable(Cdb.fua(cdb));
        e.flow.lockedDataOut(task, lba, blocks, 2 * length, data -> {
            long stored = e.store.compareAndWrite(lba, data.slice(data.readerIndex(), length),
                    data.slice(data.readerIndex() + length, length), durable);
            if (stored != BlockStore.NOT_ATOMIC) {
                // the store compared and wrote atomically against other writers of shared storage too
                if (stored != BlockStore.COMPARED_EQUAL) {
                    throw Senses.miscompare(stored);
                }
                TaskFlow.completeDataOut(task, 2L * length);
                return;
            }
            ByteBuf medium = TaskFlow.dataIn(task, length);
            try {
                e.store.read(lba, blocks, medium);
                int at = firstMismatch(medium, 0, data, data.readerIndex(), length);
                if (at >= 0) {
                    throw Senses.miscompare(at);
                }
            } finally {
                medium.release();
            }
            e.store.write(lba, data.slice(data.readerIndex() + length, length), durable);
            TaskFlow.completeDataOut(task, 2L * length);
        });
    }

    /** Offset of the first byte where the two ranges differ, or -1. */
    static int firstMismatch(ByteBuf a, int aIndex, ByteBuf b, int bIndex, int length) {
        int i = 0;
        while (i + 8 <= length && a.getLong(aIndex + i) == b.getLong(bIndex + i)) {
            i += 8;
        }
        for (; i < length; i++) {
            if (a.getByte(aIndex + i) != b.getByte(bIndex + i)) {
                return i;
            }
        }
        return -1;
    }
}
