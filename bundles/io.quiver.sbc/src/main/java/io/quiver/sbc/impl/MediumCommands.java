package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.spi.device.DeviceTask;

/**
 * FORMAT UNIT and READ DEFECT DATA (10/12) (SBC-3 5.3, 5.17; SANITIZE is {@link Sanitize}'s). A store
 * has no defects and no protection information: FORMAT UNIT accepts no defect list and no FMTPINFO,
 * deallocates a thin store and otherwise leaves the data in place. Thread-safe.
 */
final class MediumCommands {

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
}
