package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.READ_10;
import static io.quiver.scsi.ScsiOpcode.WRITE_10;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.quiver.sbc.BlockStore;
import io.quiver.sbc.SbcOptions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A memory-backed store that lends its blocks ({@link BlockStore#lendBlocks}): a READ of any length completes on
 * the submitting thread with the store's own memory and no read, and a WRITE to those blocks waits until the
 * transport has released that data, so the READ returns what the blocks held when it completed (issue 27: one
 * copy less per READ of a tmpfs file).
 */
class LentReadsTest extends SbcTestSupport {

    private static final int LARGE = BlockStore.MEMORY_INLINE_TRANSFER_BYTES / BS * 4;

    private SbcEngine lendingEngine(RecordingStore store) {
        store.memoryBacked = true;
        store.lendsBlocks = true;
        return engine(store, SbcOptions.defaults());
    }

    @Test
    void aLargeReadCompletesInsideExecuteWithTheLentBlocks() {
        RecordingStore store = store(false);
        System.arraycopy(pattern(LARGE, 3), 0, store.data, 8 * BS, LARGE * BS);
        SbcEngine e = lendingEngine(store);
        TestTask t = new TestTask(cdb10(READ_10, 0, 8, LARGE), null, false);
        try (t) {
            e.execute(t);
            assertEquals(1, t.completions(), "completed inside execute, no hand-off");
            assertArrayEquals(pattern(LARGE, 3), t.dataIn());
            assertEquals(1, store.loans.get());
            assertNull(store.lastReadThread, "no copying read");
        }
    }

    @Test
    void aWriteToLentBlocksWaitsUntilTheReadDataIsReleased() throws Exception {
        RecordingStore store = store(false);
        System.arraycopy(pattern(16, 5), 0, store.data, 0, 16 * BS);
        SbcEngine e = lendingEngine(store);
        TestTask read = new TestTask(cdb10(READ_10, 0, 0, 16), null, false);
        e.execute(read);
        ByteBuf lent = read.await().data();
        byte[] overlapping = pattern(4, 9);
        TestTask write = new TestTask(cdb10(WRITE_10, 0, 12, 4), overlapping, false).dataOutReady();
        TestTask elsewhere = new TestTask(cdb10(WRITE_10, 0, 100, 4), pattern(4, 11), false).dataOutReady();
        try (write; elsewhere) {
            e.execute(write);
            e.execute(elsewhere);
            assertGood(elsewhere);
            Thread.sleep(200);
            assertEquals(0, write.completions(), "the write waits for the lent data");
            byte[] sent = new byte[16 * BS];
            lent.getBytes(lent.readerIndex(), sent);
            assertArrayEquals(pattern(16, 5), sent, "the read's data is what the blocks held when it completed");
            read.close(); // the transport wrote the data and released it
            assertGood(write);
            assertArrayEquals(overlapping, Arrays.copyOfRange(store.data, 12 * BS, 16 * BS));
        }
    }

    @Test
    void readsOfTheSameBlocksShareTheRangeAndAWaitingWriteKeepsItsTurn() throws Exception {
        RecordingStore store = store(false);
        SbcEngine e = lendingEngine(store);
        TestTask first = new TestTask(cdb10(READ_10, 0, 0, 8), null, false);
        TestTask second = new TestTask(cdb10(READ_10, 0, 4, 8), null, false);
        e.execute(first);
        e.execute(second);
        assertEquals(1, second.completions(), "overlapping reads do not wait for each other");
        TestTask write = new TestTask(cdb10(WRITE_10, 0, 0, 12), pattern(12, 7), false).dataOutReady();
        TestTask third = new TestTask(cdb10(READ_10, 0, 8, 1), null, false);
        try (write; third) {
            e.execute(write);
            e.execute(third);
            assertEquals(0, third.completions(), "a read behind a waiting write waits too (first come, first served)");
            first.close();
            assertEquals(0, write.completions());
            second.close();
            assertGood(write);
            assertArrayEquals(Arrays.copyOfRange(pattern(12, 7), 8 * BS, 9 * BS), third.dataIn());
        }
    }

    @Test
    void aRangeTheStoreDoesNotLendIsCopiedAsBefore() {
        RecordingStore store = store(false);
        store.lendable = false;
        System.arraycopy(pattern(LARGE, 13), 0, store.data, 0, LARGE * BS);
        SbcEngine e = lendingEngine(store);
        TestTask t = run(e, cdb10(READ_10, 0, 0, LARGE));
        assertGood(t);
        assertArrayEquals(pattern(LARGE, 13), t.dataIn());
        assertTrue(store.lastReadThread.startsWith("quiver-sbc-disk0-"), store.lastReadThread);
        TestTask w = run(e, cdb10(WRITE_10, 0, 0, 1), pattern(1, 1));
        assertGood(w);
    }

    @Test
    void aStoreThatIsNotMemoryBackedIsNeverAskedToLend() {
        RecordingStore store = store(false);
        store.lendsBlocks = true;
        SbcEngine e = engine(store, SbcOptions.defaults());
        TestTask t = run(e, cdb10(READ_10, 0, 0, 8));
        assertGood(t);
        assertEquals(0, store.loans.get());
    }
}
