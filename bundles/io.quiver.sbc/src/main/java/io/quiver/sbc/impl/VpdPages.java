package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.spi.device.DeviceTask;
import java.util.List;

/**
 * INQUIRY with EVPD for the VPD pages the core forwards: Third-party Copy (8Fh, {@link ThirdPartyCopyPage})
 * and the block ones (SBC-3 6.5): Block Limits (B0h), Block
 * Device Characteristics (B1h), Logical Block Provisioning (B2h) and Referrals (B3h: no user data
 * segments, as the device gives no referrals). The limits reported here are the ones the command classes
 * enforce. Thread-safe.
 */
final class VpdPages {

    /** The pages this device answers, for {@code ScsiDevice.vpdPages()}. */
    static final List<Integer> PAGES = List.of(ThirdPartyCopyPage.PAGE, 0xB0, 0xB1, 0xB2, 0xB3);

    private final SbcEngine e;

    VpdPages(SbcEngine e) {
        this.e = e;
    }

    void inquiry(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        int page = Cdb.u8(cdb, 2);
        if (!Cdb.bit(cdb, 1, 0)) {
            throw Senses.invalidCdb(1, 0); // standard INQUIRY data is the core's
        }
        if (!PAGES.contains(page)) {
            throw Senses.invalidCdb(2, -1);
        }
        long allocation = Cdb.u16(cdb, 3);
        if (page == ThirdPartyCopyPage.PAGE) {
            TaskFlow.completeIn(task, ThirdPartyCopyPage.page(task, e), allocation);
            return;
        }
        ByteBuf out = TaskFlow.dataIn(task, 64);
        out.writeByte(e.descriptor.type().code()).writeByte(page)
                .writeShort(page == 0xB2 ? 4 : page == 0xB3 ? 0x0C : 0x3C);
        switch (page) {
            case 0xB0:
                blockLimits(out);
                break;
            case 0xB1:
                out.writeShort(e.options.rotational() ? 0 : 1); // MEDIUM ROTATION RATE
                out.writeByte(0); // PRODUCT TYPE
                // WABEREQ 01b: reads after a BLOCK ERASE succeed (thin stores, which support it).
                out.writeByte(e.store.thinProvisioned() ? 0x40 : 0);
                out.writeByte(0x02); // FUAB: SYNCHRONIZE CACHE ~ FUA
                out.writeZero(60 - 5);
                break;
            case 0xB3:
                out.writeZero(12); // USER DATA SEGMENT SIZE and MULTIPLIER 0: no referrals
                break;
            default:
                boolean thin = e.store.thinProvisioned();
                out.writeByte(0); // THRESHOLD EXPONENT
                // LBPU, LBPWS, LBPWS10, LBPRZ; ANC_SUP 0; DP 0
                out.writeByte(thin ? 0xE4 : 0);
                out.writeByte(thin ? 0x02 : 0); // PROVISIONING TYPE: thin
                out.writeByte(0);
                break;
        }
        TaskFlow.completeIn(task, out, allocation);
    }

    private void blockLimits(ByteBuf out) {
        boolean thin = e.store.thinProvisioned();
        int max = e.maxTransferBlocks();
        out.writeByte(0x00); // WSNZ 0: WRITE SAME with NUMBER OF LOGICAL BLOCKS 0 writes to the end
        out.writeByte(VerifyCommands.MAX_COMPARE_AND_WRITE_BLOCKS);
        out.writeShort(1); // OPTIMAL TRANSFER LENGTH GRANULARITY
        out.writeInt(max); // MAXIMUM TRANSFER LENGTH
        out.writeInt(Math.min(max, Fill.CHUNK_BYTES / e.blockSize())); // OPTIMAL TRANSFER LENGTH
        out.writeInt(max); // MAXIMUM PREFETCH LENGTH
        out.writeInt(thin ? (int) ProvisioningCommands.MAX_UNMAP_BLOCKS : 0);
        out.writeInt(thin ? ProvisioningCommands.MAX_UNMAP_DESCRIPTORS : 0);
        out.writeInt(thin ? 1 : 0); // OPTIMAL UNMAP GRANULARITY
        out.writeInt(0); // UGAVALID 0
        out.writeLong(ProvisioningCommands.MAX_WRITE_SAME_BLOCKS);
        int atomic = AtomicWriteCommands.maxAtomicBlocks(e);
        out.writeInt(atomic); // MAXIMUM ATOMIC TRANSFER LENGTH (0: no WRITE ATOMIC)
        out.writeInt(0); // ATOMIC ALIGNMENT: none
        out.writeInt(0); // ATOMIC TRANSFER LENGTH GRANULARITY: none
        out.writeInt(AtomicWriteCommands.maxAtomicBlocksWithBoundary(e));
        out.writeInt(atomic); // MAXIMUM ATOMIC BOUNDARY SIZE
    }
}
