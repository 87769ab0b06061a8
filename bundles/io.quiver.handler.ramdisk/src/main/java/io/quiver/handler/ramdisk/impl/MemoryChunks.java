package io.quiver.handler.ramdisk.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.sbc.SpaceAllocationFailedException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A ramdisk's thin-provisioned memory: chunks of {@link #CHUNK_BYTES} pooled direct bytes by chunk
 * index, taken at the first write into them (zeroed, so the unwritten blocks of a chunk read as zeros)
 * and given back when their blocks are all unmapped or cut off. A block without a chunk is unmapped and
 * reads as zeros (LBPRZ).
 *
 * <p>Thread-safety is its {@link MemoryBlockStore}'s: reads, writes and allocation may run concurrently
 * (the map is concurrent; writers to one chunk touch disjoint bytes); {@link #deallocate},
 * {@link #truncate} and {@link #free} run under the store's write lock, so no chunk goes under a reader.
 */
final class MemoryChunks {

    static final int CHUNK_BYTES = 64 * 1024;

    private final int blockSize;
    private final int blocksPerChunk;
    private final ByteBufAllocator alloc;
    private final Map<Long, ByteBuf> chunks = new ConcurrentHashMap<>();

    MemoryChunks(int blockSize, ByteBufAllocator alloc) {
        this.blockSize = blockSize;
        this.blocksPerChunk = CHUNK_BYTES / blockSize;
        this.alloc = alloc;
    }

    /** Bytes of memory held for written blocks. */
    long allocatedBytes() {
        return (long) chunks.size() * CHUNK_BYTES;
    }

    void read(long lba, int blocks, ByteBuf dst) {
        for (long at = lba, end = lba + blocks; at < end;) {
            int offset = (int) (at % blocksPerChunk);
            int n = (int) Math.min(end - at, blocksPerChunk - offset);
            ByteBuf chunk = chunks.get(at / blocksPerChunk);
            if (chunk == null) {
                dst.writeZero(n * blockSize);
            } else {
                dst.writeBytes(chunk.nioBuffer(offset * blockSize, n * blockSize));
            }
            at += n;
        }
    }

    void write(long lba, ByteBuf src) throws IOException {
        int from = src.readerIndex();
        for (long at = lba, end = lba + src.readableBytes() / blockSize; at < end;) {
            int offset = (int) (at % blocksPerChunk);
            int n = (int) Math.min(end - at, blocksPerChunk - offset);
            // Through a ByteBuffer of its own: a pooled chunk's setBytes(int, ByteBuf, ...) goes through one
            // cached NIO view per chunk, which two writers of disjoint blocks in the chunk would share.
            src.getBytes(from, chunk(at / blocksPerChunk).nioBuffer(offset * blockSize, n * blockSize));
            from += n * blockSize;
            at += n;
        }
    }

    /** Takes the memory of every chunk that blocks {@code [from, to)} touch, so a write there cannot fail. */
    void allocate(long from, long to) throws IOException {
        for (long c = from / blocksPerChunk; c <= (to - 1) / blocksPerChunk; c++) {
            chunk(c);
        }
    }

    private ByteBuf chunk(long index) throws IOException {
        ByteBuf c = chunks.get(index);
        if (c != null) {
            return c;
        }
        try {
            return chunks.computeIfAbsent(index,
                    i -> alloc.directBuffer(CHUNK_BYTES, CHUNK_BYTES).writeZero(CHUNK_BYTES));
        } catch (OutOfMemoryError e) {
            throw new SpaceAllocationFailedException("ramdisk out of memory", e);
        }
    }

    /** Deallocates whole chunks in {@code [from, to)} and zeros the partial ones. */
    void deallocate(long from, long to) {
        for (long at = from; at < to;) {
            long index = at / blocksPerChunk;
            int offset = (int) (at % blocksPerChunk);
            int n = (int) Math.min(to - at, blocksPerChunk - offset);
            if (n == blocksPerChunk) {
                ByteBuf c = chunks.remove(index);
                if (c != null) {
                    c.release();
                }
            } else {
                ByteBuf c = chunks.get(index);
                if (c != null) {
                    c.setZero(offset * blockSize, n * blockSize);
                }
            }
            at += n;
        }
    }

    /** GET LBA STATUS: blocks from {@code lba} in one state, positive if mapped, negative if not. */
    long provisioningExtent(long lba, long maxBlocks) {
        boolean mapped = chunks.containsKey(lba / blocksPerChunk);
        long n = Math.min(maxBlocks, blocksPerChunk - lba % blocksPerChunk);
        while (n < maxBlocks && chunks.containsKey((lba + n) / blocksPerChunk) == mapped) {
            n = Math.min(maxBlocks, n + blocksPerChunk);
        }
        return mapped ? n : -n;
    }

    /** Frees the memory of blocks {@code blocks} and on (they were below {@code old}, the old capacity). */
    void truncate(long blocks, long old) {
        deallocate(blocks, Math.min(old, ((blocks + blocksPerChunk - 1) / blocksPerChunk) * blocksPerChunk));
        for (Iterator<Map.Entry<Long, ByteBuf>> it = chunks.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, ByteBuf> e = it.next();
            if (e.getKey() * blocksPerChunk >= blocks) {
                e.getValue().release();
                it.remove();
            }
        }
    }

    /** Releases every chunk. */
    void free() {
        chunks.values().forEach(ByteBuf::release);
        chunks.clear();
    }
}
