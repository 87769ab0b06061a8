package io.quiver.handler.ramdisk.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryBlockStoreTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final int BPC = MemoryChunks.CHUNK_BYTES / 512;

    private final MemoryBlockStore store = new MemoryBlockStore(512, 10 * BPC, ALLOC);

    @AfterEach
    void close() {
        store.close();
    }

    private void write(long lba, int blocks, int value) throws IOException {
        ByteBuf b = ALLOC.directBuffer(blocks * 512);
        try {
            byte[] bytes = new byte[blocks * 512];
            java.util.Arrays.fill(bytes, (byte) value);
            b.writeBytes(bytes);
            store.write(lba, b, false);
            assertEquals(blocks * 512, b.readableBytes(), "the source is not consumed");
        } finally {
            b.release();
        }
    }

    /** The value every byte of the range holds, or -1 if they differ. */
    private int read(long lba, int blocks) throws IOException {
        ByteBuf b = ALLOC.directBuffer(blocks * 512);
        try {
            store.read(lba, blocks, b);
            assertEquals(blocks * 512, b.readableBytes());
            byte[] bytes = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), bytes);
            for (byte x : bytes) {
                if (x != bytes[0]) {
                    return -1;
                }
            }
            return bytes[0] & 0xFF;
        } finally {
            b.release();
        }
    }

    @Test
    void writesAcrossChunksReadBackAndUnwrittenBlocksAreZero() throws IOException {
        assertEquals(0, read(0, 4));
        write(BPC - 2, 5, 7);
        assertEquals(7, read(BPC - 2, 5));
        assertEquals(0, read(BPC - 3, 1));
        assertEquals(0, read(BPC + 3, 1));
        assertEquals(2L * MemoryChunks.CHUNK_BYTES, store.allocatedBytes(), "memory only for written chunks");
        assertFalse(store.mayBlock());
        assertTrue(store.thinProvisioned());
    }

    @Test
    void unmapFreesWholeChunksAndZerosPartialOnes() throws IOException {
        write(0, 3 * BPC, 9);
        store.unmap(BPC, BPC);
        assertEquals(2L * MemoryChunks.CHUNK_BYTES, store.allocatedBytes());
        store.unmap(2 * BPC + 1, 2);
        assertEquals(0, read(BPC, BPC));
        assertEquals(9, read(2 * BPC, 1));
        assertEquals(0, read(2 * BPC + 1, 2));
        assertEquals(9, read(2 * BPC + 3, 1));
    }

    @Test
    void provisioningExtentsFollowTheChunks() throws IOException {
        write(BPC, 2 * BPC, 1);
        assertEquals(-BPC, store.provisioningExtent(0, 10 * BPC));
        assertEquals(-5, store.provisioningExtent(0, 5));
        assertEquals(2 * BPC, store.provisioningExtent(BPC, 9 * BPC));
        assertEquals(2 * BPC - 3, store.provisioningExtent(BPC + 3, 9 * BPC - 3));
        assertEquals(-7 * BPC, store.provisioningExtent(3 * BPC, 7 * BPC));
    }

    @Test
    void shrinkingFreesAndGrowingReadsZeros() throws IOException {
        write(0, 10 * BPC, 3);
        store.resize(BPC + 5);
        assertEquals(BPC + 5, store.capacityBlocks());
        assertEquals(2L * MemoryChunks.CHUNK_BYTES, store.allocatedBytes());
        store.resize(10 * BPC);
        assertEquals(3, read(BPC, 5));
        assertEquals(0, read(BPC + 5, BPC - 5));
        assertEquals(0, read(5 * BPC, BPC));
    }

    @Test
    void closeFreesTheMemoryAndLaterIoFails() throws IOException {
        write(0, 1, 1);
        store.close();
        assertEquals(0, store.allocatedBytes());
        assertThrows(IOException.class, () -> read(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new MemoryBlockStore(520, 10, ALLOC));
        assertThrows(IllegalArgumentException.class, () -> new MemoryBlockStore(512, 0, ALLOC));
    }

    @Test
    void concurrentWritersToOneChunkKeepTheirBlocks() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = thread; i < BPC; i += 4) {
                        write(i, 1, i & 0xFF);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < BPC; i++) {
            assertEquals(i & 0xFF, read(i, 1));
        }
        assertEquals(MemoryChunks.CHUNK_BYTES, store.allocatedBytes());
    }
    /** A ramdisk whose memory runs out reports the thin-provisioning answer, and keeps what it holds. */
    @Test
    void runningOutOfMemoryIsSpaceAllocationFailed() throws IOException {
        ByteBufAllocator exhausted = new io.netty.buffer.AbstractByteBufAllocator(true) {
            private int left = 1;

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                if (left-- <= 0) {
                    throw new OutOfMemoryError("direct memory bound reached");
                }
                return ALLOC.directBuffer(initialCapacity, maxCapacity);
            }

            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                return ALLOC.heapBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return true;
            }
        };
        MemoryBlockStore small = new MemoryBlockStore(512, 4L * BPC, exhausted);
        ByteBuf b = ALLOC.directBuffer(512).writeZero(512);
        try {
            small.write(0, b, false);
            assertThrows(io.quiver.sbc.SpaceAllocationFailedException.class, () -> small.write(BPC, b, false));
            small.write(1, b, false); // the chunk it has still takes writes
            assertEquals(MemoryChunks.CHUNK_BYTES, small.allocatedBytes());
        } finally {
            b.release();
            small.close();
        }
    }

    @Test
    void protectionInformationIsKeptBesideTheDataAndNeverWrittenReadsAsOnes() throws Exception {
        MemoryBlockStore s = new MemoryBlockStore(512, 20000, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, 3);
        try {
            assertEquals(3, s.protectionType());
            io.netty.buffer.ByteBuf pi = io.netty.buffer.Unpooled.buffer(16).writeLong(7L).writeLong(8L);
            s.writeProtection(8191, pi, false); // across the first chunk's end
            io.netty.buffer.ByteBuf back = io.netty.buffer.Unpooled.buffer();
            s.readProtection(8190, 4, back);
            assertEquals(-1L, back.getLong(0));
            assertEquals(7L, back.getLong(8));
            assertEquals(8L, back.getLong(16));
            assertEquals(-1L, back.getLong(24));
            s.resize(8192);
            s.resize(20000);
            io.netty.buffer.ByteBuf cut = io.netty.buffer.Unpooled.buffer();
            s.readProtection(8192, 1, cut);
            assertEquals(-1L, cut.getLong(0), "a shrink forgets what it cut off");
        } finally {
            s.close();
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new MemoryBlockStore(512, 8, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, 4));
    }
}
