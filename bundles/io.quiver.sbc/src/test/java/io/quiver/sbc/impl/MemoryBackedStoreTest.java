package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.READ_10;
import static io.quiver.scsi.ScsiOpcode.WRITE_10;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.sbc.BlockStore;
import io.quiver.sbc.SbcOptions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A store that may block but is memory-backed (a file on tmpfs) is executed on the submitting thread (a
 * Netty event loop in Quiver): reads and writes up to {@link BlockStore#MEMORY_INLINE_TRANSFER_BYTES} copy
 * there, with no hand-off to a device thread, and larger ones copy on the device's I/O threads so that
 * the event loop is not held (issue 9: 4 KiB latency).
 */
class MemoryBackedStoreTest extends SbcTestSupport {

    private static final int INLINE_BLOCKS = BlockStore.MEMORY_INLINE_TRANSFER_BYTES / BS;

    private SbcEngine engineOn(RecordingStore store) {
        store.memoryBacked = true;
        return engine(store, SbcOptions.defaults());
    }

    @Test
    void aSmallReadIsDoneOnTheCallingThreadBeforeExecuteReturns() {
        RecordingStore store = store(false);
        System.arraycopy(pattern(INLINE_BLOCKS, 3), 0, store.data, 0, INLINE_BLOCKS * BS);
        SbcEngine e = engineOn(store);
        TestTask t = new TestTask(cdb10(READ_10, 0, 0, INLINE_BLOCKS), null, false);
        try (t) {
            e.execute(t);
            assertEquals(1, t.completions(), "completed inside execute");
            assertEquals(Thread.currentThread().getName(), store.lastReadThread);
            assertArrayEquals(pattern(INLINE_BLOCKS, 3), t.dataIn());
        }
    }

    @Test
    void aReadLargerThanTheInlineLimitCopiesOnAnIoThread() {
        RecordingStore store = store(false);
        int blocks = INLINE_BLOCKS + 1;
        System.arraycopy(pattern(blocks, 5), 0, store.data, 0, blocks * BS);
        SbcEngine e = engineOn(store);
        TestTask t = run(e, cdb10(READ_10, 0, 0, blocks));
        assertGood(t);
        assertTrue(store.lastReadThread.startsWith("quiver-sbc-disk0-"), store.lastReadThread);
        assertArrayEquals(pattern(blocks, 5), t.dataIn());
    }

    @Test
    void aSmallWriteWithItsDataThereIsWrittenOnTheCallingThread() {
        RecordingStore store = store(false);
        SbcEngine e = engineOn(store);
        byte[] data = pattern(8, 7);
        TestTask t = new TestTask(cdb10(WRITE_10, 0, 16, 8), data, false).dataOutReady();
        try (t) {
            e.execute(t);
            assertEquals(1, t.completions(), "completed inside execute");
            assertEquals(Thread.currentThread().getName(), store.lastWriteThread);
            assertArrayEquals(data, Arrays.copyOfRange(store.data, 16 * BS, 24 * BS));
        }
    }

    @Test
    void aLargeWriteWithItsDataThereIsWrittenOnAnIoThread() {
        RecordingStore store = store(false);
        SbcEngine e = engineOn(store);
        int blocks = INLINE_BLOCKS * 2;
        byte[] data = pattern(blocks, 9);
        TestTask t = run(e, new TestTask(cdb10(WRITE_10, 0, 0, blocks), data, false).dataOutReady());
        assertGood(t);
        assertTrue(store.lastWriteThread.startsWith("quiver-sbc-disk0-"), store.lastWriteThread);
        assertArrayEquals(data, Arrays.copyOfRange(store.data, 0, blocks * BS));
    }

    @Test
    void aSmallWriteWhoseDataComesLaterIsWrittenWhereTheDataArrives() {
        RecordingStore store = store(false);
        SbcEngine e = engineOn(store);
        byte[] data = pattern(8, 11);
        TestTask t = run(e, new TestTask(cdb10(WRITE_10, 0, 32, 8), data, false));
        assertGood(t);
        assertEquals("data-out-delivery", store.lastWriteThread, "no hand-off after the data-out transfer");
        assertArrayEquals(data, Arrays.copyOfRange(store.data, 32 * BS, 40 * BS));
    }

    @Test
    void aStoreThatMayBlockAndIsNotMemoryWritesLateDataOnAnIoThread() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        TestTask t = run(e, new TestTask(cdb10(WRITE_10, 0, 32, 8), pattern(8, 13), false));
        assertGood(t);
        assertTrue(store.lastWriteThread.startsWith("quiver-sbc-disk0-"), store.lastWriteThread);
    }
}
