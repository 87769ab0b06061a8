package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.READ_10;
import static io.quiver.scsi.ScsiOpcode.SYNCHRONIZE_CACHE_10;
import static io.quiver.scsi.ScsiOpcode.WRITE_10;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.sbc.SbcDevice;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.DeviceDescriptor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A store that {@linkplain io.quiver.sbc.BlockStore#readsCached() reads cached blocks} (a file through the
 * page cache, issue 27): the core executes its commands on the submitting thread; a READ whose blocks are
 * cached completes there before {@code execute} returns, a READ that would wait and every other command run
 * on the device's I/O threads, never on the submitting thread (an event loop in Quiver).
 */
class CachedReadsTest extends SbcTestSupport {

    private SbcEngine engineOn(RecordingStore store) {
        store.readsCached = true;
        return engine(store, SbcOptions.defaults());
    }

    @Test
    void theCoreGivesSuchADeviceNoThreadsOfItsOwn() {
        RecordingStore store = store(false);
        store.readsCached = true;
        DeviceDescriptor d = DeviceDescriptor.builder("disk0", "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK).threads(4).build();
        try (SbcDevice device = new SbcDevice(d, store, SbcOptions.defaults())) {
            assertEquals(0, device.descriptor().threads(), "executed on the submitting thread");
            // A cached READ may pass a WRITE waiting for an I/O thread: under restricted reordering the core
            // must keep tasks on overlapping blocks in order itself (its TaskSet does).
            assertTrue(device.descriptor().reorders());
        }
        store.readsCached = false;
        store.memoryBacked = true;
        try (SbcDevice device = new SbcDevice(d, store, SbcOptions.defaults())) {
            // Regression (issue 27): a memory store copies small transfers inline and hands large ones to the
            // I/O threads, so a small READ could pass a large WRITE of its blocks; it said it did not reorder.
            assertEquals(0, device.descriptor().threads());
            assertTrue(device.descriptor().reorders());
        }
        store.memoryBacked = false;
        store.readsCached = false;
        try (SbcDevice device = new SbcDevice(d, store, SbcOptions.defaults())) {
            assertTrue(device.descriptor().threads() >= 1, "a store that may block gets device threads");
            assertEquals(device.descriptor().threads() > 1, device.descriptor().reorders());
        }
    }

    @Test
    void aCachedReadCompletesOnTheCallingThreadBeforeExecuteReturns() {
        RecordingStore store = store(false);
        System.arraycopy(pattern(64, 3), 0, store.data, 0, 64 * BS);
        SbcEngine e = engineOn(store);
        TestTask t = new TestTask(cdb10(READ_10, 0, 0, 64), null, false);
        try (t) {
            e.execute(t);
            assertEquals(1, t.completions(), "completed inside execute");
            assertEquals(Thread.currentThread().getName(), store.lastCachedReadThread);
            assertNull(store.lastReadThread, "no blocking read");
            assertArrayEquals(pattern(64, 3), t.dataIn());
        }
    }

    @Test
    void aReadThatWouldWaitIsReadOnAnIoThread() {
        RecordingStore store = store(false);
        store.cacheHit = false;
        System.arraycopy(pattern(8, 5), 0, store.data, 8 * BS, 8 * BS);
        SbcEngine e = engineOn(store);
        TestTask t = run(e, cdb10(READ_10, 0, 8, 8));
        assertGood(t);
        assertEquals(Thread.currentThread().getName(), store.lastCachedReadThread, "tried inline first");
        assertTrue(store.lastReadThread.startsWith("quiver-sbc-disk0-"), store.lastReadThread);
        assertArrayEquals(pattern(8, 5), t.dataIn());
    }

    @Test
    void writesAndEverythingElseRunOnIoThreads() {
        RecordingStore store = store(false);
        SbcEngine e = engineOn(store);
        byte[] data = pattern(8, 7);
        TestTask w = run(e, new TestTask(cdb10(WRITE_10, 0, 16, 8), data, false).dataOutReady());
        assertGood(w);
        assertTrue(store.lastWriteThread.startsWith("quiver-sbc-disk0-"), store.lastWriteThread);
        assertArrayEquals(data, Arrays.copyOfRange(store.data, 16 * BS, 24 * BS));

        TestTask f = run(e, cdb10(SYNCHRONIZE_CACHE_10, 0, 0, 0));
        assertGood(f);
        assertEquals(1, store.flushes.get());
        // SYNCHRONIZE CACHE may wait for a disk: never on the submitting thread.
        assertTrue(store.lastFlushThread.startsWith("quiver-sbc-disk0-"), store.lastFlushThread);
    }

    @Test
    void aStoreWithProtectionInformationIsNotServedInline() {
        RecordingStore store = store(false);
        store.readsCached = true;
        store.piType = 1;
        assertEquals(false, SbcEngine.readsCached(store));
        store.piType = 0;
        store.memoryBacked = true;
        assertEquals(false, SbcEngine.readsCached(store), "memory is served as memory already");
    }
}
