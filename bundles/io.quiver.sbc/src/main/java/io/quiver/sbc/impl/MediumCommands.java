package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.spi.device.DeviceTask;

/**
 * FORMAT UNIT and READ DEFECT DATA (10/12) (SBC-4 5.4, 5.20; SANITIZE is {@link Sanitize}'s). A store has no
 * defects: FORMAT UNIT accepts no defect list, deallocates a thin store and otherwise leaves the data in
 * place. Its protection information type is the device's configuration ({@code dif_type}), changed through
 * management, not by an initiator: FORMAT UNIT accepts the FMTPINFO / PROTECTION FIELD USAGE combination
 * naming that type (SBC-4 table "FMTPINFO and PROTECTION FIELD USAGE": 00b/000b none, 10b/000b type 1,
 * 11b/000b type 2, 11b/001b type 3), resets every block's protection information to the all-ones escape,
 * and refuses any other with INVALID FIELD IN CDB (FMTPINFO) or INVALID FIELD IN PARAMETER LIST (PROTECTION
 * FIELD USAGE). Thread-safe.
 */
final class MediumCommands {

    private final SbcEngine e;

    MediumCommands(SbcEngine e) {
        this.e = e;
    }

    void formatUnit(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        int flags = Cdb.u8(cdb, 1);
        int fmtpinfo = flags >>> 6;
        int type = e.protectionType();
        // FMTPINFO 00b formats without protection information, 10b type 1, 11b type 2 or 3 (by PFU); 01b none.
        if (fmtpinfo == 1 || (type == 0) != (fmtpinfo == 0) || (type == 1) != (fmtpinfo == 2)) {
            throw Senses.invalidCdb(1, 7);
        }
        e.checkWritable(task);
        boolean longList = (flags & 0x20) != 0;
        if ((flags & 0x10) == 0) {
            if (type == 3) {
                throw Senses.invalidCdb(1, 4); // type 3 takes PROTECTION FIELD USAGE 001b: needs the list
            }
            erase(task);
            return;
        }
        int header = longList ? 8 : 4;
        e.flow.dataOut(task, header, data -> {
            int base = data.readerIndex();
            int usage = data.getUnsignedByte(base) & 0x07; // PROTECTION FIELD USAGE
            if (usage != (type == 3 ? 1 : 0)) {
                throw Senses.invalidParameter(0, 2);
            }
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
            } else if (e.store instanceof ProtectedStore p) {
                p.resetProtection(0, capacity);
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
