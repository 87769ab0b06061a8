package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceTask;
import java.util.List;

/**
 * MODE SENSE (6/10) and MODE SELECT (6/10) over {@link ModePages} (SPC-4 6.11-6.14): page control,
 * DBD, LLBAA and short/long block descriptors, WP from the nexus's write protection, DPOFUA; a MODE
 * SELECT may change only changeable bits, is validated completely before anything changes, saves with
 * SP on the device's I/O executor, and tells the core (MODE PARAMETERS CHANGED for the other nexuses,
 * the Control fields it enforces). Thread-safe.
 */
final class ModeCommands {

    private final SbcEngine e;

    ModeCommands(SbcEngine e) {
        this.e = e;
    }

    void modeSense(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        boolean ten = task.opcode() == ScsiOpcode.MODE_SENSE_10;
        boolean dbd = Cdb.bit(cdb, 1, 3);
        boolean longLba = ten && Cdb.bit(cdb, 1, 4);
        int pageControl = Cdb.u8(cdb, 2) >>> 6;
        int page = Cdb.u8(cdb, 2) & 0x3F;
        int subpage = Cdb.u8(cdb, 3);
        long allocation = ten ? Cdb.u16(cdb, 7) : Cdb.u8(cdb, 4);
        ModePages pages = e.modePages;
        if (pageControl == ModePages.SAVED && !pages.savable()) {
            throw Senses.illegal(AdditionalSense.SAVING_PARAMETERS_NOT_SUPPORTED);
        }
        List<Integer> selected;
        if (page == 0x3F) {
            selected = ModePages.PAGES;
        } else if (ModePages.PAGES.contains(page)) {
            selected = List.of(page);
        } else {
            throw Senses.invalidCdb(2, 5);
        }
        if (subpage != 0 && subpage != 0xFF) {
            throw Senses.invalidCdb(3, -1);
        }
        int header = ten ? 8 : 4;
        int descriptor = dbd ? 0 : longLba ? 16 : 8;
        ByteBuf out = TaskFlow.dataIn(task, header + descriptor + 64);
        out.writeZero(header);
        int deviceSpecific = (e.writeProtected(task) ? 0x80 : 0) | 0x10;
        long blocks = pageControl == ModePages.CHANGEABLE ? 0 : e.store.capacityBlocks();
        int blockLength = pageControl == ModePages.CHANGEABLE ? 0 : e.blockSize();
        if (descriptor == 8) {
            out.writeInt(blocks > 0xFFFFFFFFL ? -1 : (int) blocks).writeByte(0).writeMedium(blockLength);
        } else if (descriptor == 16) {
            out.writeLong(blocks).writeInt(0).writeInt(blockLength);
        }
        for (int p : selected) {
            pages.encode(p, pageControl, out);
        }
        int total = out.writerIndex();
        if (ten) {
            out.setShort(0, total - 2).setByte(3, deviceSpecific).setByte(4, longLba ? 1 : 0)
                    .setShort(6, descriptor);
        } else {
            out.setByte(0, total - 1).setByte(2, deviceSpecific).setByte(3, descriptor);
        }
        TaskFlow.completeIn(task, out, allocation);
    }

    void modeSelect(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        boolean ten = task.opcode() == ScsiOpcode.MODE_SELECT_10;
        boolean save = Cdb.bit(cdb, 1, 0);
        if (!Cdb.bit(cdb, 1, 4)) {
            throw Senses.invalidCdb(1, 4); // PF 0: vendor-specific page format
        }
        if (save && !e.modePages.savable()) {
            throw Senses.invalidCdb(1, 0);
        }
        int length = ten ? Cdb.u16(cdb, 7) : Cdb.u8(cdb, 4);
        if (length == 0) {
            task.complete();
            return;
        }
        int header = ten ? 8 : 4;
        if (length < header) {
            throw Senses.parameterListLength();
        }
        e.flow.dataOut(task, length, data -> {
            ModePages.Values next = parse(data.slice(data.readerIndex(), length), ten);
            if (save) {
                e.ioExecutor.execute(() -> e.flow.guard(task, () -> apply(task, next, true)));
            } else {
                apply(task, next, false);
            }
        }, () -> { });
    }

    private void apply(DeviceTask task, ModePages.Values next, boolean save) throws Exception {
        ModePages.Values before = e.modePages.current();
        e.modePages.apply(next, save);
        DeviceContext ctx = e.context;
        if (ctx != null && !next.equals(before)) {
            ctx.modeParametersChanged(task);
            if (next.descriptorSense() != before.descriptorSense()
                    || next.taskAbortedStatus() != before.taskAbortedStatus()
                    || next.queueAlgorithm() != before.queueAlgorithm()) {
                e.modePages.reportControl(ctx);
            }
        }
        task.complete();
    }

    /** Validates a whole parameter list against the changeable masks and returns the values it sets. */
    private ModePages.Values parse(ByteBuf list, boolean ten) throws SenseException {
        int length = list.readableBytes();
        int header = ten ? 8 : 4;
        int descriptorLength = ten ? list.getUnsignedShort(6) : list.getUnsignedByte(3);
        boolean longLba = ten && (list.getByte(4) & 1) != 0;
        if (descriptorLength != 0 && descriptorLength != (longLba ? 16 : 8)) {
            throw Senses.invalidParameter(ten ? 6 : 3, -1);
        }
        if (header + descriptorLength > length) {
            throw Senses.parameterListLength();
        }
        if (descriptorLength != 0) {
            int blockLength = longLba ? list.getInt(header + 12) : list.getMedium(header + 5);
            if (blockLength != 0 && blockLength != e.blockSize()) {
                throw Senses.invalidParameter(header + descriptorLength - 3, -1);
            }
        }
        ModePages.Values v = e.modePages.current();
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        ByteBuf cur = alloc.heapBuffer(32);
        ByteBuf mask = alloc.heapBuffer(32);
        try {
            for (int off = header + descriptorLength; off < length;) {
                if (length - off < 2) {
                    throw Senses.parameterListLength();
                }
                int page = list.getUnsignedByte(off) & 0x3F;
                if ((list.getByte(off) & 0x40) != 0) {
                    throw Senses.invalidParameter(off, 6);
                }
                if (!ModePages.PAGES.contains(page)) {
                    throw Senses.invalidParameter(off, 5);
                }
                int pageLength = list.getUnsignedByte(off + 1);
                if (pageLength != ModePages.length(page)) {
                    throw Senses.invalidParameter(off + 1, -1);
                }
                if (off + 2 + pageLength > length) {
                    throw Senses.parameterListLength();
                }
                cur.clear();
                mask.clear();
                e.modePages.encode(page, ModePages.CURRENT, cur);
                e.modePages.encode(page, ModePages.CHANGEABLE, mask);
                for (int i = 2; i < 2 + pageLength; i++) {
                    if (((list.getByte(off + i) ^ cur.getByte(i)) & ~mask.getByte(i)) != 0) {
                        throw Senses.invalidParameter(off + i, -1);
                    }
                }
                v = update(v, page, list, off);
                off += 2 + pageLength;
            }
        } finally {
            cur.release();
            mask.release();
        }
        return v;
    }

    private static ModePages.Values update(ModePages.Values v, int page, ByteBuf list, int off)
            throws SenseException {
        if (page == 0x08) {
            return new ModePages.Values((list.getByte(off + 2) & 0x04) != 0, v.descriptorSense(),
                    v.taskAbortedStatus(), v.queueAlgorithm(), v.softwareWriteProtect());
        }
        if (page == 0x0A) {
            int qam = list.getUnsignedByte(off + 3) >>> 4;
            if (qam > 1) {
                throw Senses.invalidParameter(off + 3, 7);
            }
            return new ModePages.Values(v.writeCache(), (list.getByte(off + 2) & 0x04) != 0,
                    (list.getByte(off + 5) & 0x40) != 0, qam, (list.getByte(off + 4) & 0x08) != 0);
        }
        return v;
    }
}
