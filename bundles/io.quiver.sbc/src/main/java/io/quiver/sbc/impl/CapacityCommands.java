package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.spi.device.DeviceTask;

/**
 * READ CAPACITY (10/16), SYNCHRONIZE CACHE (10/16), PRE-FETCH (10/16), START STOP UNIT and PREVENT ALLOW
 * MEDIUM REMOVAL (SBC-3 5.15, 5.16, 5.22, 5.11, 5.19, 5.13). SYNCHRONIZE CACHE makes every completed write durable through
 * {@code BlockStore.flush()} unless the cache is non-volatile ({@code nv_cache}). Thread-safe.
 */
final class CapacityCommands {

    private final SbcEngine e;

    CapacityCommands(SbcEngine e) {
        this.e = e;
    }

    void readCapacity10(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        if (!Cdb.bit(cdb, 8, 0) && Cdb.u32(cdb, 2) != 0) {
            // LOGICAL BLOCK ADDRESS without PMI (SBC-3 5.15).
            throw Senses.invalidCdb(2, -1);
        }
        long last = e.store.capacityBlocks() - 1;
        ByteBuf out = TaskFlow.dataIn(task, 8);
        out.writeInt(last > 0xFFFFFFFFL ? -1 : (int) last).writeInt(e.blockSize());
        task.complete(out);
    }

    void readCapacity16(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        long allocation = Cdb.u32(cdb, 10);
        boolean thin = e.store.thinProvisioned();
        ByteBuf out = TaskFlow.dataIn(task, 32);
        out.writeLong(e.store.capacityBlocks() - 1).writeInt(e.blockSize());
        int type = e.protectionType();
        out.writeByte(type == 0 ? 0 : (type - 1) << 1 | 1); // P_TYPE, PROT_EN
        out.writeByte(e.store.physicalBlockExponent() & 0x0F);
        // LBPME and LBPRZ: deallocated blocks read as zeros.
        out.writeShort(thin ? 0xC000 : 0);
        out.writeZero(16);
        TaskFlow.completeIn(task, out, allocation);
    }

    void synchronizeCache(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        e.checkRange(Cdb.lba(cdb), Cdb.transferLength(cdb));
        if (!e.options.nvCache()) {
            e.store.flush();
        }
        task.complete();
    }

    /**
     * PRE-FETCH (SBC-3 5.9/5.10) always reports GOOD, the answer for blocks that do not fit the cache. None
     * of Quiver's stores has a cache of its own to fill. fileio and blockio sit on the host's page cache,
     * which Quiver neither sizes nor can pin, so it cannot promise the residency that CONDITION MET states.
     * A ramdisk's medium is already memory, and nullio has no medium. libiscsi's Prefetch10/16 tests also
     * expect GOOD.
     */
    void preFetch(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        e.checkRange(Cdb.lba(cdb), Cdb.transferLength(cdb));
        task.complete();
    }

    /**
     * START STOP UNIT: a power condition other than 0 changes nothing (the medium stays); LOEJ ejects or
     * loads the medium of a removable device (either refused while removal is prevented, as libiscsi's
     * PreventAllow.Eject expects) and is invalid on a
     * fixed one; stopping or ejecting (START 0, NO_FLUSH 0) flushes the volatile cache first.
     */
    void startStopUnit(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        int flags = Cdb.u8(cdb, 4);
        if ((flags >>> 4) != 0) {
            task.complete();
            return;
        }
        boolean start = (flags & 0x01) != 0;
        boolean eject = (flags & 0x02) != 0;
        boolean noFlush = (flags & 0x04) != 0;
        if (eject && !e.descriptor.removable()) {
            throw Senses.invalidCdb(4, 1);
        }
        if (eject && e.removalPrevented()) {
            throw Senses.illegal(AdditionalSense.MEDIUM_REMOVAL_PREVENTED);
        }
        if (!start && !noFlush && !e.options.nvCache() && e.mediumLoaded) {
            e.store.flush();
        }
        if (eject) {
            e.mediumLoaded = start;
        }
        task.complete();
    }

    /**
     * PREVENT ALLOW MEDIUM REMOVAL: PREVENT 01b prevents ejecting through START STOP UNIT for this I_T
     * nexus, 00b allows it again for this nexus; removal stays prevented while another nexus prevents it.
     */
    void preventAllowMediumRemoval(DeviceTask task) throws Exception {
        int prevent = Cdb.u8(task.cdb(), 4) & 0x03;
        if (prevent > 1) {
            throw Senses.invalidCdb(4, 1);
        }
        if (prevent == 1) {
            e.preventing.add(task.nexusId());
        } else {
            e.preventing.remove(task.nexusId());
        }
        task.complete();
    }
}
