package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.INQUIRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.sbc.SbcOptions;
import org.junit.jupiter.api.Test;

class VpdPagesTest extends SbcTestSupport {

    private ByteBuf vpd(SbcEngine e, int page, int allocation) {
        return Unpooled.wrappedBuffer(run(e, cdb(INQUIRY, 1, page, allocation >>> 8, allocation, 0)).dataIn());
    }

    @Test
    void blockLimitsMatchWhatTheCommandsEnforce() {
        SbcEngine thin = engine("thin", store(true), SbcOptions.defaults());
        ByteBuf b0 = vpd(thin, 0xB0, 255);
        assertEquals(64, b0.readableBytes());
        assertEquals(0xB0, b0.getUnsignedByte(1));
        assertEquals(0x3C, b0.getUnsignedShort(2));
        assertEquals(0, b0.getUnsignedByte(4)); // WSNZ 0: NUMBER OF LOGICAL BLOCKS 0 writes to the end
        assertEquals(VerifyCommands.MAX_COMPARE_AND_WRITE_BLOCKS, b0.getUnsignedByte(5));
        assertEquals(thin.maxTransferBlocks(), b0.getInt(8));
        assertEquals(ProvisioningCommands.MAX_UNMAP_BLOCKS, b0.getUnsignedInt(20));
        assertEquals(ProvisioningCommands.MAX_UNMAP_DESCRIPTORS, b0.getInt(24));
        assertEquals(ProvisioningCommands.MAX_WRITE_SAME_BLOCKS, b0.getLong(36));
        SbcEngine thick = engine("thick", store(false), SbcOptions.defaults());
        ByteBuf t = vpd(thick, 0xB0, 255);
        assertEquals(0, t.getInt(20));
        assertEquals(0, t.getInt(24));
        for (int at = 44; at < 64; at += 4) {
            assertEquals(0, t.getInt(at), "no atomic writes: atomic field at " + at);
        }
    }

    @Test
    void atomicFieldsFollowTheStore() {
        RecordingStore store = store(false);
        store.atomicBlocks = 64;
        SbcEngine e = engine(store, SbcOptions.defaults());
        ByteBuf b0 = vpd(e, 0xB0, 255);
        assertEquals(64, b0.getInt(44)); // MAXIMUM ATOMIC TRANSFER LENGTH
        assertEquals(0, b0.getInt(48)); // ATOMIC ALIGNMENT
        assertEquals(0, b0.getInt(52)); // ATOMIC TRANSFER LENGTH GRANULARITY
        assertEquals(e.maxTransferBlocks(), b0.getInt(56)); // ... WITH ATOMIC BOUNDARY
        assertEquals(64, b0.getInt(60)); // MAXIMUM ATOMIC BOUNDARY SIZE
        store.atomicBlocks = Integer.MAX_VALUE; // capped to MAXIMUM TRANSFER LENGTH
        assertEquals(e.maxTransferBlocks(), vpd(e, 0xB0, 255).getInt(44));
    }

    @Test
    void blockLimitsStayWithinWhatInitiatorsAssume() {
        // libiscsi: MAXIMUM UNMAP LBA COUNT above 2^20 is "insane"; a WRITE SAME length it may use is also
        // written first with one WRITE16 of 65536 blocks unless MAXIMUM WRITE SAME LENGTH is below that.
        ByteBuf b0 = vpd(engine("thin", store(true), SbcOptions.defaults()), 0xB0, 255);
        assertTrue(b0.getUnsignedInt(20) <= 1 << 20);
        assertTrue(b0.getLong(36) < 65536);
    }

    @Test
    void characteristicsAndProvisioning() {
        SbcEngine ssd = engine("ssd", store(true), new SbcOptions(false, false, false, 1, 8, null));
        ByteBuf b1 = vpd(ssd, 0xB1, 255);
        assertEquals(64, b1.readableBytes());
        assertEquals(1, b1.getUnsignedShort(4)); // non-rotating
        assertEquals(0x40, b1.getUnsignedByte(7)); // WABEREQ 01b
        ByteBuf b2 = vpd(ssd, 0xB2, 255);
        assertEquals(8, b2.readableBytes());
        assertEquals(0xE4, b2.getUnsignedByte(5)); // LBPU LBPWS LBPWS10 LBPRZ
        assertEquals(0x02, b2.getUnsignedByte(6)); // thin
        SbcEngine hdd = engine("hdd", store(false), SbcOptions.defaults());
        assertEquals(0, vpd(hdd, 0xB1, 255).getUnsignedShort(4));
        assertEquals(0, vpd(hdd, 0xB2, 255).getUnsignedByte(5));
        assertEquals(6, vpd(hdd, 0xB2, 6).readableBytes());
        ByteBuf b3 = vpd(hdd, 0xB3, 255);
        assertEquals(16, b3.readableBytes());
        assertEquals(0x0C, b3.getUnsignedShort(2));
    }

    @Test
    void otherPagesAndStandardInquiryAreNotTheDevices() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        assertInvalidField(run(e, cdb(INQUIRY, 1, 0x83, 0, 255, 0)), 2);
        assertInvalidField(run(e, cdb(INQUIRY, 0, 0, 0, 255, 0)), 1);
    }
}
