package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VerifyCommandsTest extends SbcTestSupport {

    private static byte[] caw(long lba, int blocks, int flags) {
        byte[] c = cdb16(COMPARE_AND_WRITE, flags, lba, 0);
        Arrays.fill(c, 10, 14, (byte) 0);
        c[13] = (byte) blocks;
        return c;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void verifyWithoutByteCheckChecksTheRangeOnly() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        assertGood(run(e, cdb10(VERIFY_10, 0, 0, 8)));
        assertGood(run(e, cdb12(VERIFY_12, 0, 0, 0)));
        assertSense(run(e, cdb16(VERIFY_16, 0, BLOCKS, 1)), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertInvalidField(run(e, cdb10(VERIFY_10, 0x04, 0, 1)), 1); // BYTCHK 10b is reserved
        assertInvalidField(run(e, cdb10(VERIFY_10, 0x20, 0, 1)), 1); // VRPROTECT
    }

    @Test
    void verifyByteCheckComparesAndReportsTheFirstDifference() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        byte[] data = pattern(3, 5);
        assertGood(run(e, cdb10(WRITE_10, 0, 20, 3), data));
        assertGood(run(e, cdb10(VERIFY_10, 0x02, 20, 3), data));
        byte[] wrong = data.clone();
        wrong[BS + 17] ^= 1;
        TestTask t = run(e, cdb16(VERIFY_16, 0x02, 20, 3), wrong);
        assertSense(t, SenseKey.MISCOMPARE, AdditionalSense.MISCOMPARE_DURING_VERIFY_OPERATION);
        assertEquals(BS + 17, t.await().sense().information());
    }

    @Test
    void verifyByteCheck11ComparesOneBlockAgainstEach() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        assertGood(run(e, cdb10(WRITE_10, 0, 0, 4), filled(4 * BS, 0x5A)));
        assertGood(run(e, cdb12(VERIFY_12, 0x06, 0, 4), filled(BS, 0x5A)));
        assertSense(run(e, cdb12(VERIFY_12, 0x06, 0, 5), filled(BS, 0x5A)), SenseKey.MISCOMPARE,
                AdditionalSense.MISCOMPARE_DURING_VERIFY_OPERATION);
    }

    @Test
    void compareAndWriteWritesOnlyOnAMatch() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        byte[] old = pattern(2, 1);
        byte[] fresh = pattern(2, 77);
        assertGood(run(e, cdb10(WRITE_10, 0, 7, 2), old));
        assertGood(run(e, caw(7, 2, 0x08), concat(old, fresh)));
        assertArrayEquals(fresh, Arrays.copyOfRange(store.data, 7 * BS, 9 * BS));
        assertEquals(1, store.forcedWrites.get(), "FUA compare and write is durable");

        TestTask miss = run(e, caw(7, 2, 0), concat(old, pattern(2, 3)));
        assertSense(miss, SenseKey.MISCOMPARE, AdditionalSense.MISCOMPARE_DURING_VERIFY_OPERATION);
        assertEquals(0, miss.await().sense().information());
        assertArrayEquals(fresh, Arrays.copyOfRange(store.data, 7 * BS, 9 * BS));
    }

    /** A store that compares and writes itself (as librbd does for shared images): the command set obeys its answer. */
    @Test
    void aStoreThatComparesAndWritesItselfDecides() {
        long[] answer = {io.quiver.sbc.BlockStore.COMPARED_EQUAL};
        AtomicInteger calls = new AtomicInteger();
        RecordingStore store = new RecordingStore(BS, 64, false, true) {
            @Override
            public long compareAndWrite(long lba, io.netty.buffer.ByteBuf compare, io.netty.buffer.ByteBuf data,
                    boolean fua) {
                calls.incrementAndGet();
                assertEquals(2 * BS, compare.readableBytes());
                assertEquals(2 * BS, data.readableBytes());
                return answer[0];
            }
        };
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertGood(run(e, caw(7, 2, 0), concat(pattern(2, 1), pattern(2, 2))));
        assertEquals(0, store.cachedWrites.get() + store.forcedWrites.get(), "the store wrote, not the command set");
        answer[0] = 300;
        TestTask miss = run(e, caw(7, 2, 0), concat(pattern(2, 1), pattern(2, 2)));
        assertSense(miss, SenseKey.MISCOMPARE, AdditionalSense.MISCOMPARE_DURING_VERIFY_OPERATION);
        assertEquals(300, miss.await().sense().information());
        answer[0] = io.quiver.sbc.BlockStore.NOT_ATOMIC;
        TestTask fallback = run(e, caw(7, 2, 0), concat(new byte[2 * BS], pattern(2, 2)));
        assertGood(fallback);
        assertArrayEquals(pattern(2, 2), Arrays.copyOfRange(store.data, 7 * BS, 9 * BS), "NOT_ATOMIC: the command set did it");
        assertEquals(3, calls.get());
    }

    @Test
    void compareAndWriteFields() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        assertGood(run(e, caw(0, 0, 0)));
        assertInvalidField(run(e, caw(0, 1, 0x20), new byte[2 * BS]), 1);
        assertSense(run(e, caw(BLOCKS - 1, 2, 0), new byte[4 * BS]), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertSense(run(e, new TestTask(caw(0, 1, 0), new byte[2 * BS], true)), SenseKey.DATA_PROTECT,
                AdditionalSense.WRITE_PROTECTED);
        assertGood(run(e, caw(0, 255, 0), new byte[2 * 255 * BS]));
        assertInvalidField(run(e, caw(0, 1, 0), new byte[4 * BS]), 13);
        assertInvalidField(run(e, caw(0, 3, 0), new byte[4 * BS]), 13);
    }

    @Test
    void compareAndWriteOfZeroBlocksWithDataIsRejected() {
        // libiscsi sends NoLB 256 (beyond MAXIMUM COMPARE AND WRITE LENGTH) as CDB byte 0 with 256 blocks' data.
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertInvalidField(run(e, caw(0, 256, 0), new byte[2 * 256 * BS]), 13);
        assertEquals(0, store.forcedWrites.get() + store.cachedWrites.get(), "nothing written");
    }

    @Test
    void aWriteWaitsForACompareAndWriteOnAnOverlappingRange() throws Exception {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        byte[] old = filled(2 * BS, 1);
        assertGood(run(e, cdb10(WRITE_10, 0, 10, 2), old));
        CountDownLatch gate = new CountDownLatch(1);
        store.readGate = gate;
        TestTask caw = new TestTask(caw(10, 2, 0), concat(old, filled(2 * BS, 2)), false);
        e.execute(caw);
        assertTrue(store.readsAtGate.tryAcquire(5, TimeUnit.SECONDS), "compare and write is reading");
        store.readGate = null;
        int writesBefore = store.cachedWrites.get();
        TestTask write = new TestTask(cdb10(WRITE_10, 0, 11, 1), filled(BS, 3), false);
        e.execute(write);
        Thread.sleep(200);
        assertEquals(writesBefore, store.cachedWrites.get(), "the write waited");
        gate.countDown();
        assertGood(caw);
        assertGood(write);
        assertArrayEquals(filled(BS, 2), Arrays.copyOfRange(store.data, 10 * BS, 11 * BS));
        assertArrayEquals(filled(BS, 3), Arrays.copyOfRange(store.data, 11 * BS, 12 * BS));
        caw.close();
        write.close();
    }

    @Test
    void concurrentCompareAndWritesLoseNoIncrement() throws Exception {
        RecordingStore store = store(false);
        store.readDelayNanos = 200_000;
        SbcEngine e = engine(store, new SbcOptions(false, false, true, 4, 64, null));
        int threads = 4;
        int increments = 15;
        AtomicInteger miscompares = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < increments;) {
                        long v;
                        try (TestTask read = new TestTask(cdb10(READ_10, 0, 3, 1), null, false)) {
                            e.execute(read);
                            v = Unpooled.wrappedBuffer(read.dataIn()).getLong(0);
                        }
                        byte[] data = new byte[2 * BS];
                        Unpooled.wrappedBuffer(data).setLong(0, v).setLong(BS, v + 1);
                        try (TestTask caw = new TestTask(caw(3, 1, 0), data, false)) {
                            e.execute(caw);
                            if (caw.await().status() == ScsiStatus.GOOD) {
                                i++;
                            } else {
                                assertEquals(SenseKey.MISCOMPARE, caw.await().sense().key());
                                miscompares.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals((long) threads * increments, Unpooled.wrappedBuffer(store.data).getLong(3 * BS));
        assertTrue(miscompares.get() > 0, "the threads did race");
    }
}
