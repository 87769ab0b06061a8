package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProvisioningCommandsTest extends SbcTestSupport {

    /** WRITE SAME of a zero block goes to a store's own write_zeroes (librbd's) instead of block writes. */
    @Test
    void writeSameOfZerosUsesTheStoresWriteZeroes() {
        java.util.List<long[]> zeroed = new java.util.ArrayList<>();
        RecordingStore store = new RecordingStore(BS, 64, false, true) {
            @Override
            public boolean writeZeroes(long lba, long blocks, boolean fua) {
                zeroed.add(new long[] {lba, blocks});
                Arrays.fill(data, (int) lba * BS, (int) (lba + blocks) * BS, (byte) 0);
                return true;
            }
        };
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertGood(run(e, cdb10(WRITE_10, 0, 0, 8), pattern(8, 5)));
        int writes = store.cachedWrites.get() + store.forcedWrites.get();
        assertGood(run(e, cdb16(WRITE_SAME_16, 0, 2, 4), new byte[BS]));
        assertEquals(1, zeroed.size());
        assertArrayEquals(new long[] {2, 4}, zeroed.get(0));
        assertEquals(writes, store.cachedWrites.get() + store.forcedWrites.get(), "no block was written");
        assertArrayEquals(new byte[4 * BS], Arrays.copyOfRange(store.data, 2 * BS, 6 * BS));
        byte[] one = new byte[BS];
        one[BS - 1] = 1;
        assertGood(run(e, cdb16(WRITE_SAME_16, 0, 2, 4), one));
        assertEquals(1, zeroed.size(), "a block that is not all zeros is written as it is");
        assertEquals(1, store.data[3 * BS - 1]);
    }

    private static byte[] unmapList(long... lbaAndBlocks) {
        int n = lbaAndBlocks.length / 2;
        ByteBuf b = Unpooled.buffer(8 + 16 * n);
        b.writeShort(6 + 16 * n).writeShort(16 * n).writeInt(0);
        for (int i = 0; i < n; i++) {
            b.writeLong(lbaAndBlocks[2 * i]).writeInt((int) lbaAndBlocks[2 * i + 1]).writeInt(0);
        }
        return b.array();
    }

    private static byte[] unmapCdb(int length) {
        return cdb(UNMAP, 0, 0, 0, 0, 0, 0, length >>> 8, length, 0);
    }

    private static byte[] lbaStatus(long lba, int allocation) {
        byte[] c = cdb16(SERVICE_ACTION_IN_16, SAI_GET_LBA_STATUS, lba, allocation);
        return c;
    }

    @Test
    void writeSameRepeatsTheBlock() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        byte[] block = pattern(1, 42);
        assertGood(run(e, cdb10(WRITE_SAME_10, 0, 100, 3), block));
        assertGood(run(e, cdb16(WRITE_SAME_16, 0, 900, 124), block));
        for (int lba : new int[] {100, 101, 102, 900, 1023}) {
            assertArrayEquals(block, Arrays.copyOfRange(store.data, lba * BS, (lba + 1) * BS));
        }
        assertArrayEquals(new byte[BS], Arrays.copyOfRange(store.data, 103 * BS, 104 * BS));
    }

    @Test
    void writeSameFieldsAndRanges() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        assertInvalidField(run(e, cdb16(WRITE_SAME_16, 0x10, 0, 1), new byte[BS]), 1); // ANCHOR
        assertInvalidField(run(e, cdb16(WRITE_SAME_16, 0x08, 0, 1), new byte[BS]), 1); // UNMAP, not thin
        assertInvalidField(run(e, cdb10(WRITE_SAME_10, 0x20, 0, 1), new byte[BS]), 1); // WRPROTECT
        assertSense(run(e, cdb16(WRITE_SAME_16, 0, BLOCKS - 1, 2), new byte[BS]), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertSense(run(e, new TestTask(cdb10(WRITE_SAME_10, 0, 0, 1), new byte[BS], true)),
                SenseKey.DATA_PROTECT, AdditionalSense.WRITE_PROTECTED);
    }

    @Test
    void writeSameOfZeroBlocksWritesToTheLastBlock() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        byte[] block = pattern(1, 7);
        assertGood(run(e, cdb10(WRITE_SAME_10, 0, BLOCKS - 24, 0), block));
        for (int lba = BLOCKS - 24; lba < BLOCKS; lba++) {
            assertArrayEquals(block, Arrays.copyOfRange(store.data, lba * BS, (lba + 1) * BS));
        }
        assertArrayEquals(new byte[BS], Arrays.copyOfRange(store.data, (BLOCKS - 25) * BS, (BLOCKS - 24) * BS));
        assertGood(run(e, cdb16(WRITE_SAME_16, 0x01, 0, 0))); // NDOB: zeros over the whole medium
        assertArrayEquals(new byte[BLOCKS * BS], store.data);
        for (long lba : new long[] {BLOCKS, BLOCKS + 1, 1L << 63, -1}) {
            assertSense(run(e, cdb16(WRITE_SAME_16, 0, lba, 0), block), SenseKey.ILLEGAL_REQUEST,
                    AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        }
    }

    @Test
    void writeSameToTheEndIsHeldToTheMaximumWriteSameLength() {
        int blocks = (int) ProvisioningCommands.MAX_WRITE_SAME_BLOCKS + 100;
        SbcEngine e = engine(new RecordingStore(BS, blocks, false, true), SbcOptions.defaults());
        assertInvalidField(run(e, cdb10(WRITE_SAME_10, 0, 0, 0), new byte[BS]), 7);
        assertInvalidField(run(e, cdb16(WRITE_SAME_16, 0x01, 99, 0)), 10);
        assertGood(run(e, cdb16(WRITE_SAME_16, 0x01, 100, 0)));
    }

    @Test
    void writeSameWithMoreThanOneBlockOfDataOutIsRefused() {
        SbcEngine e = engine(store(true), SbcOptions.defaults());
        assertInvalidField(run(e, cdb16(WRITE_SAME_16, 0x08, 0, 1), new byte[2 * BS]), 0);
        assertInvalidField(run(e, cdb10(WRITE_SAME_10, 0, 0, 1), new byte[BS + 512]), 0);
    }

    @Test
    void anchorIsRefusedAsAncSupIsZero() {
        SbcEngine e = engine(store(true), SbcOptions.defaults());
        assertInvalidField(run(e, cdb16(WRITE_SAME_16, 0x18, 0, 1), new byte[BS]), 1); // ANCHOR with UNMAP
        assertInvalidField(run(e, cdb10(WRITE_SAME_10, 0x18, 0, 1), new byte[BS]), 1);
        assertInvalidField(run(e, cdb16(WRITE_SAME_16, 0x11, 0, 1)), 1); // ANCHOR, NDOB, no UNMAP
    }

    @Test
    void writeSameWithUnmapOrNoDataOutDeallocatesThinBlocks() {
        RecordingStore store = store(true);
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertGood(run(e, cdb10(WRITE_10, 0, 0, 8), filled(8 * BS, 9)));
        assertGood(run(e, cdb10(WRITE_SAME_10, 0x08, 0, 4), new byte[BS]));
        assertEquals(1, store.unmaps.get());
        TestTask ndob = run(e, cdb16(WRITE_SAME_16, 0x09, 4, 4));
        assertGood(ndob);
        assertEquals(-1, ndob.requestedDataOut);
        assertEquals(2, store.unmaps.get());
        assertArrayEquals(new byte[8 * BS], Arrays.copyOfRange(store.data, 0, 8 * BS));
        // A non-zero block with UNMAP is deallocated all the same (LIO, SCST; libiscsi expects zeros back).
        assertGood(run(e, cdb10(WRITE_10, 0, 0, 2), filled(2 * BS, 5)));
        assertGood(run(e, cdb16(WRITE_SAME_16, 0x08, 0, 2), filled(BS, 1)));
        assertEquals(3, store.unmaps.get());
        assertArrayEquals(new byte[2 * BS], Arrays.copyOfRange(store.data, 0, 2 * BS));
    }

    @Test
    void noDataOutWithoutUnmapWritesZeros() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertGood(run(e, cdb10(WRITE_10, 0, 0, 2), filled(2 * BS, 9)));
        assertGood(run(e, cdb16(WRITE_SAME_16, 0x01, 0, 2)));
        assertArrayEquals(new byte[2 * BS], Arrays.copyOfRange(store.data, 0, 2 * BS));
    }

    @Test
    void unmapDeallocatesEveryDescriptor() {
        RecordingStore store = store(true);
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertGood(run(e, cdb10(WRITE_10, 0, 0, 16), filled(16 * BS, 4)));
        byte[] list = unmapList(0, 2, 10, 3, 15, 0);
        assertGood(run(e, unmapCdb(list.length), list));
        assertEquals(2, store.unmaps.get());
        assertArrayEquals(new byte[2 * BS], Arrays.copyOfRange(store.data, 0, 2 * BS));
        assertArrayEquals(filled(8 * BS, 4), Arrays.copyOfRange(store.data, 2 * BS, 10 * BS));
        assertGood(run(e, unmapCdb(0)));
    }

    @Test
    void unmapErrors() {
        SbcEngine thick = engine("thick", store(false), SbcOptions.defaults());
        byte[] list = unmapList(0, 1);
        assertSense(run(thick, unmapCdb(list.length), list), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
        SbcEngine e = engine(store(true), SbcOptions.defaults());
        assertSense(run(e, unmapCdb(4), new byte[4]), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        byte[] far = unmapList(BLOCKS - 1, 2);
        assertSense(run(e, unmapCdb(far.length), far), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        byte[] anchor = unmapCdb(list.length);
        anchor[1] = 1;
        assertInvalidField(run(e, anchor, list), 1);
        assertSense(run(e, new TestTask(unmapCdb(list.length), list, true)), SenseKey.DATA_PROTECT,
                AdditionalSense.WRITE_PROTECTED);
    }

    @Test
    void getLbaStatusReportsMappedAndDeallocatedExtents() {
        RecordingStore store = store(true);
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertGood(run(e, cdb10(WRITE_10, 0, 4, 4), filled(4 * BS, 1)));
        ByteBuf r = Unpooled.wrappedBuffer(run(e, lbaStatus(0, 1024)).dataIn());
        assertEquals(4 + 3 * 16, r.getInt(0));
        assertEquals(0, r.getLong(8));
        assertEquals(4, r.getInt(16));
        assertEquals(1, r.getByte(20)); // deallocated
        assertEquals(4, r.getLong(24));
        assertEquals(4, r.getInt(32));
        assertEquals(0, r.getByte(36)); // mapped
        assertEquals(8, r.getLong(40));
        assertEquals(BLOCKS - 8, r.getInt(48));
        assertEquals(24, run(e, lbaStatus(0, 24)).dataIn().length);
        assertSense(run(e, lbaStatus(BLOCKS, 24)), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
    }
}
