package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReadWriteCommandsTest extends SbcTestSupport {

    @Test
    void writeThenReadEveryCdbSize() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        byte[] data = pattern(4, 1);
        assertGood(run(e, cdb10(WRITE_10, 0, 10, 4), data));
        assertArrayEquals(data, run(e, cdb10(READ_10, 0, 10, 4)).dataIn());
        assertArrayEquals(data, run(e, cdb12(READ_12, 0, 10, 4)).dataIn());
        assertArrayEquals(data, run(e, cdb16(READ_16, 0, 10, 4)).dataIn());
        assertArrayEquals(data, run(e, cdb(READ_6, 0, 0, 10, 4, 0)).dataIn());

        byte[] other = pattern(2, 9);
        assertGood(run(e, cdb16(WRITE_16, 0, 100, 2), other));
        assertGood(run(e, cdb12(WRITE_12, 0, 200, 2), other));
        assertGood(run(e, cdb(WRITE_6, 0, 300 >>> 8, 300 & 0xFF, 2, 0), other));
        assertArrayEquals(other, Arrays.copyOfRange(store.data, 100 * BS, 102 * BS));
        assertArrayEquals(other, Arrays.copyOfRange(store.data, 200 * BS, 202 * BS));
        assertArrayEquals(other, Arrays.copyOfRange(store.data, 300 * BS, 302 * BS));
    }

    @Test
    void sixByteTransferLengthZeroMeans256Blocks() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        assertEquals(256 * BS, run(e, cdb(READ_6, 0, 0, 0, 0, 0)).dataIn().length);
    }

    @Test
    void zeroLengthTransfersTransferNothing() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        TestTask read = run(e, cdb10(READ_10, 0, 0, 0));
        assertGood(read);
        assertEquals(0, read.dataIn().length);
        TestTask write = run(e, cdb16(WRITE_16, 0, BLOCKS, 0), new byte[0]);
        assertGood(write);
        assertEquals(-1, write.requestedDataOut);
        assertEquals(0, store.cachedWrites.get() + store.forcedWrites.get());
    }

    @Test
    void rangeErrors() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        AdditionalSense oob = AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE;
        assertSense(run(e, cdb10(READ_10, 0, BLOCKS - 1, 2)), SenseKey.ILLEGAL_REQUEST, oob);
        assertSense(run(e, cdb10(READ_10, 0, BLOCKS + 1, 0)), SenseKey.ILLEGAL_REQUEST, oob);
        assertSense(run(e, cdb16(READ_16, 0, -1L, 1)), SenseKey.ILLEGAL_REQUEST, oob);
        assertSense(run(e, cdb16(WRITE_16, 0, BLOCKS, 1), new byte[BS]), SenseKey.ILLEGAL_REQUEST, oob);
        assertSense(run(e, cdb12(WRITE_12, 0, 0x80000000L, 1), new byte[BS]), SenseKey.ILLEGAL_REQUEST, oob);
        assertGood(run(e, cdb10(READ_10, 0, BLOCKS - 1, 1)));
    }

    @Test
    void protectFieldsAreRejected() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        assertInvalidField(run(e, cdb10(READ_10, 0x20, 0, 1)), 1);
        assertInvalidField(run(e, cdb16(WRITE_16, 0x40, 0, 1), new byte[BS]), 1);
        assertInvalidField(run(e, cdb12(WRITE_AND_VERIFY_12, 0xE0, 0, 1), new byte[BS]), 1);
    }

    @Test
    void transfersBeyondTheBlockLimitsAreInvalid() {
        SbcEngine e = engine(new RecordingStore(BS, 40000, false, true), SbcOptions.defaults());
        assertInvalidField(run(e, cdb16(READ_16, 0, 0, e.maxTransferBlocks() + 1)), 10);
    }

    @Test
    void writesToAWriteProtectedLunFail() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        for (byte[] cdb : new byte[][] {cdb10(WRITE_10, 0, 0, 1), cdb16(WRITE_AND_VERIFY_16, 0, 0, 1),
                cdb16(ORWRITE_16, 0, 0, 1)}) {
            TestTask t = run(e, new TestTask(cdb, new byte[BS], true));
            assertSense(t, SenseKey.DATA_PROTECT, AdditionalSense.WRITE_PROTECTED);
        }
        assertGood(run(e, new TestTask(cdb10(READ_10, 0, 0, 1), null, true)));
        assertEquals(0, store.cachedWrites.get() + store.forcedWrites.get());
    }

    @Test
    void fuaAndWriteAndVerifyAreDurableWriteBackIsNot() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertGood(run(e, cdb10(WRITE_10, 0, 0, 1), new byte[BS]));
        assertEquals(1, store.cachedWrites.get());
        assertGood(run(e, cdb10(WRITE_10, 0x08, 0, 1), new byte[BS]));
        assertGood(run(e, cdb16(WRITE_16, 0x08, 0, 1), new byte[BS]));
        assertGood(run(e, cdb10(WRITE_AND_VERIFY_10, 0, 0, 1), new byte[BS]));
        assertEquals(3, store.forcedWrites.get());
        assertEquals(1, store.cachedWrites.get());
    }

    @Test
    void writeThroughMakesEveryWriteDurableNvCacheNone() {
        RecordingStore through = store(false);
        SbcEngine e = engine(through, new SbcOptions(true, false, true, 1, 8, null));
        assertGood(run(e, cdb10(WRITE_10, 0, 0, 1), new byte[BS]));
        assertEquals(1, through.forcedWrites.get());

        RecordingStore nv = store(false);
        SbcEngine n = engine(nv, new SbcOptions(false, true, true, 1, 8, null));
        assertGood(run(n, cdb10(WRITE_10, 0x08, 0, 1), new byte[BS]));
        assertEquals(0, nv.forcedWrites.get());
    }

    @Test
    void orWriteOrsTheDataIn() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertGood(run(e, cdb10(WRITE_10, 0, 5, 1), filled(BS, 0x0F)));
        assertGood(run(e, cdb16(ORWRITE_16, 0, 5, 1), filled(BS, 0xF0)));
        assertArrayEquals(filled(BS, 0xFF), run(e, cdb10(READ_10, 0, 5, 1)).dataIn());
    }

    @Test
    void lessDataOutThanTheCdbCallsForWritesWholeBlocksSentAndReportsTheOverflow() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        TestTask partial = run(e, cdb10(WRITE_10, 0, 0, 2), filled(BS, 0x62));
        assertGood(partial);
        assertEquals(2 * BS, partial.await().transferLength());
        assertEquals(BS, partial.requestedDataOut);
        assertArrayEquals(filled(BS, 0x62), Arrays.copyOfRange(store.data, 0, BS));
        assertArrayEquals(new byte[BS], Arrays.copyOfRange(store.data, BS, 2 * BS));
        TestTask none = run(e, cdb10(WRITE_10, 0, 4, 1), new byte[200]);
        assertGood(none);
        assertEquals(-1, none.requestedDataOut);
        assertEquals(BS, none.await().transferLength());
        assertEquals(1, store.cachedWrites.get());
    }

    @Test
    void blockingStoresWriteOnTheDevicesThreadsNotOnTheOneThatDeliveredTheData() {
        RecordingStore store = store(false);
        SbcEngine e = engine("blocking", store, SbcOptions.defaults());
        assertGood(run(e, cdb10(WRITE_10, 0, 1, 1), filled(BS, 3)));
        assertTrue(store.lastWriteThread.startsWith("quiver-sbc-blocking-"), store.lastWriteThread);
    }

    @Test
    void nonBlockingStoresContinueInline() {
        RecordingStore store = new RecordingStore(BS, BLOCKS, false, false);
        SbcEngine e = engine(store, new SbcOptions(false, false, false, 0, 8, null));
        assertGood(run(e, cdb10(WRITE_10, 0, 1, 1), filled(BS, 3)));
        assertArrayEquals(filled(BS, 3), run(e, cdb10(READ_10, 0, 1, 1)).dataIn());
        assertTrue(!store.lastWriteThread.startsWith("quiver-sbc-"), store.lastWriteThread);
    }

    @Test
    void reservedCdbBitsOutsideTheUsageMapAreRejected() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        assertInvalidField(run(e, cdb10(READ_10, 0x04, 0, 1)), 1); // byte 1 bit 2 is reserved
        assertGood(run(e, cdb10(READ_10, 0x02, 0, 1))); // FUA_NV is accepted
        byte[] reservedByte = cdb16(READ_16, 0, 0, 1);
        reservedByte[14] = (byte) 0x80;
        assertInvalidField(run(e, reservedByte), 14);
    }
}
