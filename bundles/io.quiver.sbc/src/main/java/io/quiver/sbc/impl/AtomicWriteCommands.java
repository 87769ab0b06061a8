package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;

/**
 * WRITE ATOMIC (16) (SBC-4 5.48, 4.29) over {@code BlockStore.writeAtomic}: the whole transfer, or with a
 * non-zero ATOMIC BOUNDARY each run of that many blocks from the command's LBA, is written all-or-nothing,
 * towards a crash (the store's promise) and towards concurrent commands (the range lock against writes,
 * {@link AtomicReadGate} against reads). Devices whose store cannot write atomically do not have the
 * command (INVALID COMMAND OPERATION CODE, and zeros in the Block Limits VPD atomic fields).
 *
 * <p>Limits, reported in the Block Limits VPD page by {@link VpdPages}: MAXIMUM ATOMIC TRANSFER LENGTH is
 * the store's {@code maxAtomicBlocks()} capped to the maximum transfer length; ATOMIC ALIGNMENT and ATOMIC
 * TRANSFER LENGTH GRANULARITY are 0 (any LBA, any length: the journal and memory stores need neither);
 * with a boundary, the transfer may be as long as the maximum transfer length and the boundary as long
 * as the maximum atomic transfer length. Thread-safe.
 */
final class AtomicWriteCommands {

    private final SbcEngine e;

    AtomicWriteCommands(SbcEngine e) {
        this.e = e;
    }

    /** MAXIMUM ATOMIC TRANSFER LENGTH (and MAXIMUM ATOMIC BOUNDARY SIZE); 0 without atomic writes. */
    static int maxAtomicBlocks(SbcEngine e) {
        return Math.min(Math.max(0, e.store.maxAtomicBlocks()), e.maxTransferBlocks());
    }

    /** MAXIMUM ATOMIC TRANSFER LENGTH WITH ATOMIC BOUNDARY; 0 without atomic writes. */
    static int maxAtomicBlocksWithBoundary(SbcEngine e) {
        return maxAtomicBlocks(e) == 0 ? 0 : e.maxTransferBlocks();
    }

    void writeAtomic(DeviceTask task) throws Exception {
        int max = maxAtomicBlocks(e);
        if (max == 0) {
            throw new SenseException(SenseData.invalidOpcode());
        }
        ByteBuf cdb = task.cdb();
        SbcEngine.checkNoProtection(cdb);
        long lba = Cdb.u64(cdb, 2);
        int boundary = Cdb.u16(cdb, 10);
        int blocks = Cdb.u16(cdb, 12);
        e.checkRange(lba, blocks);
        if (boundary == 0 && blocks > max) {
            throw Senses.invalidCdb(12, -1); // longer than MAXIMUM ATOMIC TRANSFER LENGTH
        }
        if (boundary > max) {
            throw Senses.invalidCdb(10, -1); // larger than MAXIMUM ATOMIC BOUNDARY SIZE
        }
        if (boundary != 0 && blocks > maxAtomicBlocksWithBoundary(e)) {
            throw Senses.invalidCdb(12, -1); // longer than MAXIMUM ATOMIC TRANSFER LENGTH WITH ATOMIC BOUNDARY
        }
        e.checkWritable(task);
        if (blocks == 0) {
            task.complete();
            return;
        }
        int bs = e.blockSize();
        int unit = boundary == 0 ? blocks : boundary;
        boolean durable = e.durable(Cdb.fua(cdb));
        e.flow.lockedDataOut(task, lba, blocks, blocks * bs, data -> {
            e.atomicReads.enter();
            try {
                for (int done = 0; done < blocks; done += unit) {
                    int n = Math.min(unit, blocks - done);
                    e.store.writeAtomic(lba + done, data.slice(data.readerIndex() + done * bs, n * bs), durable);
                }
            } finally {
                e.atomicReads.exit();
            }
            TaskFlow.completeDataOut(task, (long) blocks * bs);
        });
    }
}
