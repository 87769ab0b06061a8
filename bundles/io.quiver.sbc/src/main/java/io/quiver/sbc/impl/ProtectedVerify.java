package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.spi.device.DeviceTask;

/**
 * VERIFY (10/12/16/32) and COMPARE AND WRITE on a device formatted with protection information (SBC-4 5.3,
 * 5.36-5.38). VERIFY first checks the stored protection information against the stored data as VRPROTECT
 * asks ({@link ProtectionInformation#check}: ABORTED COMMAND 10/01-10/03 with the LBA). With BYTCHK 00b
 * that is the whole verification. With BYTCHK 01b (11b: one block for all) and VRPROTECT not 0 the data-out
 * carries each block followed by its 8 bytes; the data and the protection information fields VRPROTECT
 * enables (guard for 001b/100b/101b, application tag under the mask and reference tag for 001b/010b/101b,
 * nothing for 011b) are compared byte by byte with what is stored: a difference is MISCOMPARE DURING VERIFY
 * OPERATION with its offset in the data-out. With BYTCHK 11b the one block's reference tag counts up per
 * block on types 1 and 2, as a WRITE SAME of it would have stored.
 *
 * <p>COMPARE AND WRITE with WRPROTECT not 0: both halves carry protection information interleaved; both are
 * checked as WRPROTECT asks, the stored blocks as a READ would check them, the verify half's data is
 * compared with the stored data (the offset counts the interleaved bytes), and the write half is stored
 * with its own protection information. Thread-safe.
 */
final class ProtectedVerify {

    private final SbcEngine e;
    private final int type;

    ProtectedVerify(SbcEngine e) {
        this.e = e;
        this.type = e.store.protectionType();
    }

    void verify(DeviceTask task, ProtectedCdb c) throws Exception {
        c.check(e, type, true);
        int byteCheck = c.byteCheck();
        long blocks = c.blocks();
        if (blocks == 0) {
            task.complete();
            return;
        }
        int n = (int) blocks;
        int bs = e.blockSize();
        int unit = bs + c.piBytes();
        if (byteCheck == 0) {
            e.flow.onIoExecutor(task, () -> {
                readChecked(task, c, n, (data, pi) -> { });
                task.complete();
            }, () -> { });
            return;
        }
        int length = byteCheck == 0b11 ? unit : n * unit;
        e.flow.dataOut(task, length, sent -> {
            readChecked(task, c, n, (data, pi) -> {
                for (int i = 0; i < n; i++) {
                    int at = sent.readerIndex() + (byteCheck == 0b11 ? 0 : i * unit);
                    int diff = VerifyCommands.firstMismatch(data, i * bs, sent, at, bs);
                    if (diff < 0 && c.piBytes() != 0) {
                        diff = piMismatch(c, pi, i, sent, at + bs, byteCheck == 0b11 ? i : 0);
                        diff = diff < 0 ? -1 : bs + diff;
                    }
                    if (diff >= 0) {
                        throw Senses.miscompare((long) (byteCheck == 0b11 ? i * unit : at - sent.readerIndex())
                                + diff);
                    }
                }
            });
            TaskFlow.completeDataOut(task, length);
        }, () -> { });
    }

    void compareAndWrite(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        ProtectedCdb c = new ProtectedCdb(Cdb.u8(cdb, 1), 1, Cdb.u64(cdb, 2), Cdb.u8(cdb, 13), 13,
                ProtectionInformation.Expected.of(Cdb.u64(cdb, 2)), false);
        c.checkProtect(type);
        int n = (int) c.blocks();
        if (n > VerifyCommands.MAX_COMPARE_AND_WRITE_BLOCKS || n > e.maxTransferBlocks() / 2) {
            throw Senses.invalidCdb(13, -1);
        }
        long lba = c.lba();
        e.checkRange(lba, n);
        e.checkWritable(task);
        int bs = e.blockSize();
        int half = n * (bs + c.piBytes());
        if ((n > 0 || task.direction() == DataDirection.OUT) && task.expectedDataTransferLength() != 2L * half) {
            throw Senses.invalidCdb(13, -1); // as VerifyCommands: halves that do not match the count
        }
        if (n == 0) {
            task.complete();
            return;
        }
        boolean durable = e.durable(Cdb.fua(cdb));
        ProtectedStore store = (ProtectedStore) e.store;
        e.flow.lockedDataOut(task, lba, n, 2 * half, in -> {
            ByteBuf verifyData = task.alloc().directBuffer(n * bs);
            ByteBuf verifyPi = task.alloc().buffer(n * ProtectionInformation.BYTES);
            ByteBuf writeData = task.alloc().directBuffer(n * bs);
            ByteBuf writePi = task.alloc().buffer(n * ProtectionInformation.BYTES);
            try {
                ProtectionInformation.split(in, in.readerIndex(), n, bs, verifyData, verifyPi);
                ProtectionInformation.split(in, in.readerIndex() + half, n, bs, writeData, writePi);
                ProtectionInformation.check(type, c.protect(), verifyData, verifyPi, bs, lba, c.expected());
                ProtectionInformation.check(type, c.protect(), writeData, writePi, bs, lba, c.expected());
                readChecked(task, c.withoutProtect(), n, (data, pi) -> {
                    for (int i = 0; i < n; i++) {
                        int diff = VerifyCommands.firstMismatch(data, i * bs, verifyData, i * bs, bs);
                        if (diff >= 0) {
                            throw Senses.miscompare((long) i * (bs + c.piBytes()) + diff);
                        }
                    }
                });
                store.writeWithProtection(lba, writeData, writePi, durable);
            } finally {
                verifyData.release();
                verifyPi.release();
                writeData.release();
                writePi.release();
            }
            TaskFlow.completeDataOut(task, 2L * half);
        });
    }

    /** What is done with the stored blocks once their protection information checked. */
    interface Stored {
        void accept(ByteBuf data, ByteBuf pi) throws Exception;
    }

    /** Reads the blocks and their protection information, checks it as {@code c}'s PROTECT field asks. */
    void readChecked(DeviceTask task, ProtectedCdb c, int n, Stored then) throws Exception {
        int bs = e.blockSize();
        ByteBuf data = task.alloc().directBuffer(n * bs);
        ByteBuf pi = task.alloc().buffer(n * ProtectionInformation.BYTES);
        try {
            e.store.read(c.lba(), n, data);
            e.store.readProtection(c.lba(), n, pi);
            ProtectionInformation.check(type, c.protect(), data, pi, bs, c.lba(), c.expected());
            then.accept(data, pi);
        } finally {
            data.release();
            pi.release();
        }
    }

    /**
     * Offset within the 8 bytes of the first field VRPROTECT compares that differs between the stored
     * protection information of block {@code i} and the sent one at {@code at}, or -1.
     *
     * @param refStep added to the sent reference tag (BYTCHK 11b: the block's distance from the first)
     */
    private int piMismatch(ProtectedCdb c, ByteBuf pi, int i, ByteBuf sent, int at, int refStep) {
        int p = c.protect();
        int stored = i * ProtectionInformation.BYTES;
        if ((p == 1 || p == 4 || p == 5) && pi.getUnsignedShort(stored) != sent.getUnsignedShort(at)) {
            return 0;
        }
        boolean tags = p == 1 || p == 2 || p == 5;
        int mask = c.thirtyTwo() ? c.expected().applicationTagMask() : 0xFFFF;
        if (tags && ((pi.getUnsignedShort(stored + 2) ^ sent.getUnsignedShort(at + 2)) & mask) != 0) {
            return 2;
        }
        long ref = (sent.getUnsignedInt(at + 4) + (type == 3 ? 0 : refStep)) & 0xFFFFFFFFL;
        if (tags && pi.getUnsignedInt(stored + 4) != ref) {
            return 4;
        }
        return -1;
    }
}
