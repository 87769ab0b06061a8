package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.spi.device.DeviceTask;

/**
 * FORMAT UNIT, READ DEFECT DATA (10/12) and SANITIZE (SBC-3 5.3, 5.17, 5.25). A store has no defects
 * and no protection information: FORMAT UNIT accepts no defect list and no FMTPINFO, deallocates a thin
 * store and otherwise leaves the data in place; SANITIZE supports OVERWRITE, BLOCK ERASE (thin stores
 * only: it deallocates every block, WABEREQ 01b in VPD B1h) and EXIT FAILURE MODE, and runs to
 * completion before it reports (IMMED is honoured as "done when status arrives"). Thread-safe.
 */
final class MediumCommands {

    static final int SANITIZE_OVERWRITE = 0x01;
    static final int SANITIZE_BLOCK_ERASE = 0x02;
    static final int SANITIZE_EXIT_FAILURE_MODE = 0x1F;

    private final SbcEngine e;

    MediumCommands(SbcEngine e) {
        this.e = e;
    }

    void formatUnit(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        int flags = Cdb.u8(cdb, 1);
        if ((flags & 0xC0) != 0) {
            throw Senses.invalidCdb(1, 7);
        }
        e.checkWritable(task);
        boolean longList = (flags & 0x20) != 0;
        if ((flags & 0x10) == 0) {
            erase(task);
            return;
        }
        int header = longList ? 8 : 4;
        e.flow.dataOut(task, header, data -> {
            int base = data.readerIndex();
            if ((data.getUnsignedByte(base + 1) & 0x08) != 0) {
                throw Senses.invalidParameter(1, 3); // IP: no initialization pattern support
            }
            long defects = longList ? data.getUnsignedInt(base + 4) : data.getUnsignedShort(base + 2);
            if (defects != 0) {
                throw Senses.invalidParameter(longList ? 4 : 2, -1);
            }
            erase(task);
        }, () -> { });
    }

    private void erase(DeviceTask task) {
        long capacity = e.store.capacityBlocks();
        e.flow.lockedLong(task, 0, capacity, () -> {
            if (e.store.thinProvisioned()) {
                e.store.unmap(0, capacity);
            }
            task.complete();
        });
    }

    void readDefectData(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        boolean twelve = task.opcode() == ScsiOpcode.READ_DEFECT_DATA_12;
        int flags = Cdb.u8(cdb, twelve ? 1 : 2) & 0x1F;
        long allocation = twelve ? Cdb.u32(cdb, 6) : Cdb.u16(cdb, 7);
        ByteBuf out = TaskFlow.dataIn(task, 8);
        if (twelve) {
            out.writeByte(0).writeByte(flags).writeShort(0).writeInt(0);
        } else {
            out.writeByte(0).writeByte(flags).writeShort(0);
        }
        TaskFlow.completeIn(task, out, allocation);
    }

    void sanitize(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        int action = Cdb.u8(cdb, 1) & 0x1F;
        int parameterLength = Cdb.u16(cdb, 7);
        switch (action) {
            case SANITIZE_EXIT_FAILURE_MODE:
                task.complete();
                return;
            case SANITIZE_BLOCK_ERASE:
                if (!e.store.thinProvisioned()) {
                    // BLOCK ERASE leaves every block deallocated, which only a thin store can report.
                    throw Senses.invalidCdb(1, 4);
                }
                if (parameterLength != 0) {
                    throw Senses.invalidCdb(7, -1);
                }
                e.checkWritable(task);
                blockErase(task);
                return;
            case SANITIZE_OVERWRITE:
                if (parameterLength <= 4 || parameterLength > e.blockSize() + 4) {
                    throw Senses.invalidCdb(7, -1);
                }
                e.checkWritable(task);
                e.flow.lockedLongDataOut(task, 0, e.store.capacityBlocks(), parameterLength,
                        data -> overwrite(task, data, parameterLength));
                return;
            default:
                throw Senses.invalidCdb(1, 4);
        }
    }

    private void blockErase(DeviceTask task) {
        long capacity = e.store.capacityBlocks();
        e.flow.lockedLong(task, 0, capacity, () -> {
            e.store.unmap(0, capacity);
            task.complete();
        });
    }

    /** libiscsi expects INVALID FIELD IN CDB for every malformed OVERWRITE parameter list. */
    private void overwrite(DeviceTask task, ByteBuf data, int parameterLength) throws Exception {
        int base = data.readerIndex();
        int flags = data.getUnsignedByte(base);
        boolean invert = (flags & 0x80) != 0;
        int passes = flags & 0x1F;
        int patternLength = data.getUnsignedShort(base + 2);
        if (passes == 0 || patternLength == 0 || patternLength > e.blockSize()
                || patternLength > parameterLength - 4) {
            throw Senses.invalidCdb(7, -1);
        }
        int bs = e.blockSize();
        ByteBuf block = task.alloc().directBuffer(bs);
        try {
            for (int i = 0; i < bs; i++) {
                block.writeByte(data.getByte(base + 4 + i % patternLength));
            }
            long capacity = e.store.capacityBlocks();
            for (int pass = 0; pass < passes; pass++) {
                // INVERT: every other pass writes the complement; the last pass writes the pattern.
                boolean complement = invert && (passes - 1 - pass) % 2 == 1;
                ByteBuf p = complement ? complement(block, task) : block.retain();
                try {
                    if (!Fill.fill(e.store, task, 0, capacity, p, e.durable(false))) {
                        break;
                    }
                } finally {
                    p.release();
                }
            }
        } finally {
            block.release();
        }
        task.complete();
    }

    private static ByteBuf complement(ByteBuf block, DeviceTask task) {
        ByteBuf c = task.alloc().directBuffer(block.readableBytes());
        for (int i = block.readerIndex(); i < block.writerIndex(); i++) {
            c.writeByte(~block.getByte(i));
        }
        return c;
    }
}
