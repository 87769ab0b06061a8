package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.WRITE_AND_VERIFY_10;
import static io.quiver.scsi.ScsiOpcode.WRITE_AND_VERIFY_12;
import static io.quiver.scsi.ScsiOpcode.WRITE_AND_VERIFY_16;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.spi.device.DeviceTask;

/**
 * READ (6/10/12/16), WRITE (6/10/12/16), WRITE AND VERIFY (10/12/16) and ORWRITE (16) (SBC-3 5.8, 5.29,
 * 5.33, 5.6). Data moves between the store and pooled direct buffers with no copy; every write holds its
 * LBA range so COMPARE AND WRITE and ORWRITE stay atomic. Stateless beyond the engine; thread-safe.
 */
final class ReadWriteCommands {

    private final SbcEngine e;
    private final ProtectedReadWrite protectedIo;

    /** @param verify null on a device without protection information */
    ReadWriteCommands(SbcEngine e, ProtectedVerify verify, ProvisioningCommands provisioning) {
        this.e = e;
        this.protectedIo = verify == null ? null : new ProtectedReadWrite(e, verify, provisioning);
    }

    /** VARIABLE LENGTH (7Fh): the 32-byte CDBs, where type 2 protection is enabled. */
    void variableLength(DeviceTask task) throws Exception {
        if (protectedIo == null) {
            throw new SenseException(io.quiver.scsi.SenseData.invalidOpcode());
        }
        protectedIo.variableLength(task);
    }

    void read(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        if (protectedIo != null) {
            protectedIo.read(task);
            return;
        }
        SbcEngine.checkNoProtection(cdb);
        long lba = Cdb.lba(cdb);
        long blocks = Cdb.transferLength(cdb);
        e.checkRange(lba, blocks);
        e.checkTransferLength(blocks, lengthOffset(cdb));
        if (blocks == 0) {
            task.complete();
            return;
        }
        int length = (int) blocks * e.blockSize();
        if (e.flow.lendsBlocks) {
            readLent(task, lba, (int) blocks, length);
        } else if (e.flow.cachedReadsOnly) {
            readCachedOrLater(task, lba, (int) blocks, length);
        } else {
            readCopied(task, lba, (int) blocks, length);
        }
    }

    /** Into a buffer of the command's: here if the copy is short, else on the I/O executor. */
    private void readCopied(DeviceTask task, long lba, int blocks, int length) throws Exception {
        if (e.flow.copiesInline(length)) {
            readInto(task, lba, blocks, length);
        } else {
            e.flow.onIoExecutor(task, () -> readInto(task, lba, blocks, length), () -> { });
        }
    }

    /**
     * Completes with the blocks' own memory ({@link LentBlocks}, no copy and no hand-off whatever the length),
     * holding the range shared until the transport releases it; as {@link #readCopied} when the store lends
     * nothing for this range. The shared range also keeps a WRITE ATOMIC whole for the reader.
     */
    private void readLent(DeviceTask task, long lba, int blocks, int length) {
        e.flow.rangeLock.acquireShared(lba, blocks, range -> e.flow.guard(task, () -> {
            ByteBuf lent = null;
            try {
                lent = e.store.lendBlocks(lba, blocks);
            } finally {
                if (lent == null) {
                    range.release();
                }
            }
            if (lent == null) {
                readCopied(task, lba, blocks, length);
            } else {
                task.complete(new LentBlocks(lent, range));
            }
        }));
    }

    /**
     * Reads without the range lock unless a WRITE ATOMIC (16) ran meanwhile ({@link AtomicReadGate}): then
     * again under the lock, so the read returns all old or all new blocks of the atomic write.
     */
    private void readInto(DeviceTask task, long lba, int blocks, int length) throws Exception {
        long stamp = e.atomicReads.quiet();
        if (stamp >= 0) {
            ByteBuf data = readBlocks(task, lba, blocks, length);
            if (e.atomicReads.unchangedSince(stamp)) {
                task.complete(data);
                return;
            }
            data.release();
        }
        e.flow.locked(task, lba, blocks, () -> task.complete(readBlocks(task, lba, blocks, length)));
    }

    /**
     * On the submitting thread: completes at once from the page cache if every block is there and no WRITE
     * ATOMIC ran meanwhile, else reads on the I/O executor as {@link #readInto} (one hand-off, as before).
     */
    private void readCachedOrLater(DeviceTask task, long lba, int blocks, int length) throws Exception {
        long stamp = e.atomicReads.quiet();
        if (stamp >= 0) {
            ByteBuf data = TaskFlow.dataIn(task, length);
            boolean hit = false;
            try {
                hit = e.store.readCached(lba, blocks, data) && e.atomicReads.unchangedSince(stamp);
            } finally {
                if (!hit) {
                    data.release();
                }
            }
            if (hit) {
                task.complete(data);
                return;
            }
        }
        e.flow.onIoExecutor(task, () -> readInto(task, lba, blocks, length), () -> { });
    }

    /** READ (6/10/12/16): the commands a store that {@linkplain TaskFlow#cachedReadsOnly reads cached} serves inline. */
    static boolean isRead(int opcode) {
        return opcode == ScsiOpcode.READ_6 || opcode == ScsiOpcode.READ_10 || opcode == ScsiOpcode.READ_12
                || opcode == ScsiOpcode.READ_16;
    }

    private ByteBuf readBlocks(DeviceTask task, long lba, int blocks, int length) throws Exception {
        ByteBuf data = TaskFlow.dataIn(task, length);
        try {
            e.store.read(lba, blocks, data);
        } catch (Exception | Error t) {
            data.release();
            throw t;
        }
        return data;
    }

    /**
     * WRITE and WRITE AND VERIFY: a verified write is one the medium holds, so it is made durable and then
     * read back ({@link WriteVerification}).
     */
    void write(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        int op = task.opcode();
        boolean verify = op == WRITE_AND_VERIFY_10 || op == WRITE_AND_VERIFY_12 || op == WRITE_AND_VERIFY_16;
        // WRPROTECT 0 keeps the plain path (its short data-out residuals); ProtectedStore generates the PI.
        if (protectedIo != null && Cdb.protect(cdb) != 0) {
            protectedIo.write(task, verify);
            return;
        }
        SbcEngine.checkNoProtection(cdb);
        long lba = Cdb.lba(cdb);
        long blocks = Cdb.transferLength(cdb);
        e.checkRange(lba, blocks);
        e.checkTransferLength(blocks, lengthOffset(cdb));
        e.checkWritable(task);
        if (blocks == 0) {
            task.complete();
            return;
        }
        int byteCheck = verify ? WriteVerification.byteCheck(cdb) : 0;
        boolean durable = e.durable(verify || Cdb.fua(cdb));
        long called = blocks * e.blockSize();
        // An initiator that announced less data than the CDB calls for gets what it sent written, whole
        // blocks only, and an overflow residual (what libiscsi's residual tests and SCST do).
        int sent = (int) Math.min(blocks, task.expectedDataTransferLength() / e.blockSize());
        if (sent == 0) {
            TaskFlow.completeDataOut(task, called);
            return;
        }
        e.flow.lockedWrite(task, lba, sent, sent * e.blockSize(), data -> {
            e.store.write(lba, data, durable);
            if (verify) {
                WriteVerification.check(e, task, lba, data, byteCheck);
            }
            TaskFlow.completeDataOut(task, called);
        });
    }

    /** ORWRITE (16): the new blocks are the OR of the old ones and the data-out, atomically. */
    void orWrite(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        if (protectedIo != null && Cdb.protect(cdb) != 0) {
            protectedIo.orWrite(task);
            return;
        }
        SbcEngine.checkNoProtection(cdb);
        long lba = Cdb.lba(cdb);
        long blocks = Cdb.transferLength(cdb);
        e.checkRange(lba, blocks);
        e.checkTransferLength(blocks, 10);
        e.checkWritable(task);
        if (blocks == 0) {
            task.complete();
            return;
        }
        int length = (int) blocks * e.blockSize();
        boolean durable = e.durable(Cdb.fua(cdb));
        e.flow.lockedDataOut(task, lba, blocks, length, data -> {
            ByteBuf merged = TaskFlow.dataIn(task, length);
            try {
                e.store.read(lba, (int) blocks, merged);
                int src = data.readerIndex();
                for (int i = 0; i < length; i += 8) {
                    merged.setLong(i, merged.getLong(i) | data.getLong(src + i));
                }
                e.store.write(lba, merged, durable);
            } finally {
                merged.release();
            }
            TaskFlow.completeDataOut(task, length);
        });
    }

    /** Byte offset of the TRANSFER LENGTH field, for the field pointer. */
    static int lengthOffset(ByteBuf cdb) {
        switch (Cdb.u8(cdb, 0) >>> 5) {
            case 0: return 4;
            case 4: return 10;
            case 5: return 6;
            default: return 7;
        }
    }
}
