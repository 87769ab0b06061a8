package io.quiver.handler.passthrough.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Regression for SG_IO's native memory: it was an Arena per command; now each device thread allocates it once,
 * reuses it for every command, and frees it when the thread ends.
 */
class SgMemoryTest {

    @Test
    void aDeviceThreadReusesItsMemoryAndFreesItWhenItEnds() throws Exception {
        ExecutorService threads = Executors.newSingleThreadExecutor(SgMemory.threads(Thread.ofPlatform().factory()));
        AtomicReference<MemorySegment> first = new AtomicReference<>();
        long[] addresses = new long[2];
        for (int i = 0; i < 2; i++) {
            int n = i;
            threads.submit(() -> {
                SgMemory m = SgMemory.current();
                MemorySegment h = m.header(SgHeader.V4.size());
                first.compareAndSet(null, h);
                addresses[n] = h.address();
            }).get(10, TimeUnit.SECONDS);
        }
        assertEquals(addresses[0], addresses[1], "the second command reuses the first one's header");
        ExecutorService another = Executors.newSingleThreadExecutor(SgMemory.threads(Thread.ofPlatform().factory()));
        MemorySegment other = another.submit(() -> SgMemory.current().header(SgHeader.V3.size())).get(10, TimeUnit.SECONDS);
        assertNotEquals(addresses[0], other.address(), "each thread its own memory");
        another.shutdown();
        threads.shutdown();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (first.get().scope().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(first.get().scope().isAlive(), "freed when the device thread ended");
    }

    @Test
    void theCdbIsCopiedAndTheIovecGrowsForManyParts() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor(SgMemory.threads(Thread.ofPlatform().factory()));
        thread.submit(SgMemoryTest::copiesAndGrows).get(10, TimeUnit.SECONDS);
        thread.shutdown();
    }

    private static void copiesAndGrows() {
        SgMemory m = SgMemory.current();
        ByteBuf cdb = Unpooled.wrappedBuffer(new byte[] {0x28, 0, 0, 0, 0, 1, 0, 0, 8, 0});
        MemorySegment c = m.cdb(cdb);
        assertEquals(10, c.byteSize());
        assertEquals(0x28, c.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
        ByteBuffer[] parts = new ByteBuffer[100];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = ByteBuffer.allocateDirect(512);
        }
        assertEquals(100 * 16, m.iovec(parts).byteSize());
        assertEquals(512, m.iovec(parts).get(java.lang.foreign.ValueLayout.JAVA_LONG, 99 * 16 + 8));
    }
}
