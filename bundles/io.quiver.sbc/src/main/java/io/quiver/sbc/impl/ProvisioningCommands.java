package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;

/**
 * WRITE SAME (10/16) with UNMAP and NDOB, UNMAP and GET LBA STATUS (SBC-4 5.52, 5.53, 5.31, 5.8): logical
 * block provisioning over {@code BlockStore.unmap} / {@code provisioningExtent}. Unmapping is only
 * offered by thin-provisioned stores (LBPME, LBPU, LBPWS, LBPWS10 and LBPRZ all follow
 * {@code thinProvisioned()}).
 *
 * <p>WRITE SAME: NUMBER OF LOGICAL BLOCKS 0 means "to the last LBA" (WSNZ 0), held to MAXIMUM WRITE SAME
 * LENGTH like any count (INVALID FIELD IN CDB on the count field beyond it). NDOB (16 only) writes zeros,
 * or deallocates with UNMAP. ANCHOR is not supported (ANC_SUP 0 in the Logical Block Provisioning VPD
 * page): SBC-4 5.53 then asks INVALID FIELD IN CDB for ANCHOR 1, as it does for ANCHOR 1 with UNMAP 0.
 * Anchored is a state of its own (mapped resources, no data) that GET LBA STATUS would have to report,
 * and neither a punched hole nor a written zero is it. Thread-safe.
 */
final class ProvisioningCommands {

    /**
     * MAXIMUM WRITE SAME LENGTH of VPD B0h: 65535 as LIO's default, because initiators (libiscsi's
     * WriteSame16.Unmap) prepare a WRITE SAME of N blocks with one WRITE of N blocks whenever N is within it.
     */
    static final long MAX_WRITE_SAME_BLOCKS = 0xFFFF;
    /** MAXIMUM UNMAP LBA COUNT of VPD B0h (thin stores only); libiscsi finds more than 2^20 insane. */
    static final long MAX_UNMAP_BLOCKS = 1L << 20;
    /** MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT of VPD B0h (thin stores only). */
    static final int MAX_UNMAP_DESCRIPTORS = 256;
    private static final int MAX_LBA_STATUS_DESCRIPTORS = 64;

    private final SbcEngine e;

    ProvisioningCommands(SbcEngine e) {
        this.e = e;
    }

    void writeSame(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        if (e.protectionType() == 0) {
            SbcEngine.checkNoProtection(cdb);
        }
        writeSame(task, ProtectedCdb.of(cdb), task.opcode() == ScsiOpcode.WRITE_SAME_16);
    }

    /**
     * WRITE SAME (10/16/32). With WRPROTECT not 0 (a device with protection information) the one block
     * comes with its 8 bytes, checked as WRPROTECT asks, and every block written gets its guard and
     * application tag and a reference tag counting up from the sent one (types 1 and 2; type 3 repeats it).
     * NDOB with WRPROTECT not 0 is INVALID FIELD IN CDB on WRPROTECT: there is no protection information to
     * check or apply.
     *
     * @param hasNdob whether the CDB has the NDOB bit (16 and 32; bit 0 of WRITE SAME (10) is reserved)
     */
    void writeSame(DeviceTask task, ProtectedCdb c, boolean hasNdob) throws Exception {
        int protect = c.protect();
        if (protect != 0) {
            c.checkProtect(e.protectionType());
        }
        if ((c.flags() & 0x10) != 0) {
            throw Senses.invalidCdb(c.flagsOffset(), 4);
        }
        boolean unmap = c.bit3();
        boolean noDataOut = hasNdob && (c.flags() & 1) != 0;
        if (unmap && !e.store.thinProvisioned()) {
            throw Senses.invalidCdb(c.flagsOffset(), 3);
        }
        if (noDataOut && protect != 0) {
            throw Senses.invalidCdb(c.flagsOffset(), 7);
        }
        long lba = c.lba();
        long blocks = c.blocks();
        int lengthOffset = c.lengthOffset();
        if (blocks == 0) {
            // WSNZ 0: NUMBER OF LOGICAL BLOCKS 0 writes from the LBA to the last one (SBC-4 5.53), and
            // that count is held to MAXIMUM WRITE SAME LENGTH like any other.
            if (Long.compareUnsigned(lba, e.store.capacityBlocks()) >= 0) {
                throw Senses.lbaOutOfRange();
            }
            blocks = e.store.capacityBlocks() - lba;
        }
        if (blocks > MAX_WRITE_SAME_BLOCKS) {
            throw Senses.invalidCdb(lengthOffset, -1);
        }
        e.checkRange(lba, blocks);
        e.checkWritable(task);
        long count = blocks;
        if (noDataOut) {
            e.flow.lockedLong(task, lba, count, () -> {
                if (unmap) {
                    e.store.unmap(lba, count);
                } else {
                    ByteBuf zero = task.alloc().directBuffer(e.blockSize()).writeZero(e.blockSize());
                    try {
                        Fill.fill(e.store, task, lba, count, zero, e.durable(false));
                    } finally {
                        zero.release();
                    }
                }
                task.complete();
            });
            return;
        }
        int bs = e.blockSize();
        int length = bs + c.piBytes();
        if (task.expectedDataTransferLength() > length) {
            // WRITE SAME carries exactly one block; more data-out than that is a malformed command (as LIO).
            throw Senses.invalidCdb(0, -1);
        }
        e.flow.lockedLongDataOut(task, lba, count, length, block -> {
            ByteBuf pi = protect == 0 ? null : block.slice(block.readerIndex() + bs, ProtectionInformation.BYTES);
            if (pi != null) {
                ProtectionInformation.check(e.protectionType(), protect, block.slice(block.readerIndex(), bs), pi,
                        bs, lba, c.expected());
            }
            // UNMAP 1 on a thin store deallocates the range whatever the block holds, and reads then return
            // zeros (LBPRZ 1): SBC-4 asks the device server to unmap; the block is written only where it
            // does not. LIO and SCST do the same, and libiscsi's WriteSame10.UnmapUntilEnd expects it.
            if (unmap) {
                e.store.unmap(lba, count);
            } else {
                Fill.fill(e.store, task, lba, count, block, e.durable(false));
                if (pi != null) {
                    ((ProtectedStore) e.store).fillProtection(lba, count, pi.getLong(pi.readerIndex()),
                            e.protectionType() != 3);
                }
            }
            TaskFlow.completeDataOut(task, length);
        });
    }

    void unmap(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        if (!e.store.thinProvisioned()) {
            throw new SenseException(SenseData.invalidOpcode());
        }
        if (Cdb.bit(cdb, 1, 0)) {
            throw Senses.invalidCdb(1, 0);
        }
        int parameterLength = Cdb.u16(cdb, 7);
        e.checkWritable(task);
        if (parameterLength == 0) {
            task.complete();
            return;
        }
        if (parameterLength < 8) {
            throw Senses.parameterListLength();
        }
        e.flow.dataOut(task, parameterLength, data -> {
            int base = data.readerIndex();
            int descriptorBytes = Math.min(data.getUnsignedShort(base + 2), parameterLength - 8);
            int count = descriptorBytes / 16;
            if (count > MAX_UNMAP_DESCRIPTORS) {
                throw Senses.invalidParameter(2, -1);
            }
            long[] lbas = new long[count];
            long[] lengths = new long[count];
            long total = 0;
            long first = Long.MAX_VALUE;
            long end = 0;
            for (int i = 0; i < count; i++) {
                int at = base + 8 + 16 * i;
                lbas[i] = data.getLong(at);
                lengths[i] = data.getUnsignedInt(at + 8);
                e.checkRange(lbas[i], lengths[i]);
                total += lengths[i];
                if (lengths[i] > 0) {
                    first = Math.min(first, lbas[i]);
                    end = Math.max(end, lbas[i] + lengths[i]);
                }
            }
            if (total > MAX_UNMAP_BLOCKS) {
                throw Senses.invalidParameter(8, -1);
            }
            if (total == 0) {
                task.complete();
                return;
            }
            e.flow.locked(task, first, end - first, () -> {
                for (int i = 0; i < count; i++) {
                    if (lengths[i] > 0) {
                        e.store.unmap(lbas[i], lengths[i]);
                    }
                }
                task.complete();
            });
        }, () -> { });
    }

    void getLbaStatus(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        long lba = Cdb.u64(cdb, 2);
        long allocation = Cdb.u32(cdb, 10);
        long capacity = e.store.capacityBlocks();
        if (Long.compareUnsigned(lba, capacity) >= 0) {
            throw Senses.lbaOutOfRange();
        }
        int max = (int) Math.max(1, Math.min(MAX_LBA_STATUS_DESCRIPTORS, (allocation - 8) / 16));
        ByteBuf out = TaskFlow.dataIn(task, 8 + 16 * max);
        try {
            out.writerIndex(8);
            long at = lba;
            int count = 0;
            while (at < capacity && count < max) {
                long extent = e.store.provisioningExtent(at, Math.min(capacity - at, 0xFFFFFFFFL));
                long blocks = Math.max(1, Math.abs(extent));
                out.writeLong(at).writeInt((int) blocks).writeByte(extent < 0 ? 1 : 0).writeMedium(0);
                at += blocks;
                count++;
            }
            out.setInt(0, 4 + 16 * count).setInt(4, 0);
        } catch (Exception | Error t) {
            out.release();
            throw t;
        }
        TaskFlow.completeIn(task, out, allocation);
    }
}
