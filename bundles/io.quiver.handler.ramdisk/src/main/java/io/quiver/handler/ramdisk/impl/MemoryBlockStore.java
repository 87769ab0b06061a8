package io.quiver.handler.ramdisk.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.sbc.BlockStore;
import io.quiver.sbc.SpaceAllocationFailedException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Blocks in memory, thin: memory is taken only for written blocks, in chunks of {@link #CHUNK_BYTES}
 * pooled direct bytes, so the memory a ramdisk holds is bounded by its size and by what was written.
 * Unwritten and unmapped blocks read as zeros (LBPRZ); UNMAP of whole chunks gives their memory back.
 *
 * <p>Never blocks on I/O. Thread-safe: reads and writes share a read lock (writes to one chunk touch
 * disjoint bytes or are ordered by the SBC range lock); unmap, resize and close take the write lock so
 * no chunk is freed under a reader. Memory exhaustion (the pool's direct memory bound) surfaces as a
 * {@link SpaceAllocationFailedException}, which initiators see as SPACE ALLOCATION FAILED WRITE PROTECT, the
 * answer of a thin disk out of space, never as an {@link Error} on the caller's thread.
 */
final class MemoryBlockStore implements BlockStore {

    static final int CHUNK_BYTES = 64 * 1024;

    private final int blockSize;
    private final int blocksPerChunk;
    private final ByteBufAllocator alloc;
    private final Map<Long, ByteBuf> chunks = new ConcurrentHashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final ProtectionMemory protection;
    private volatile long capacityBlocks;
    private boolean closed;

    MemoryBlockStore(int blockSize, long capacityBlocks, ByteBufAllocator alloc) {
        this(blockSize, capacityBlocks, alloc, 0);
    }

    /** A ramdisk formatted with T10 protection information of {@code difType} (1-3; 0 for none). */
    MemoryBlockStore(int blockSize, long capacityBlocks, ByteBufAllocator alloc, int difType) {
        if (difType < 0 || difType > 3) {
            throw new IllegalArgumentException("dif_type must be 0, 1, 2 or 3: " + difType);
        }
        this.protection = difType == 0 ? null : new ProtectionMemory(difType, alloc);
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("blocksize must be 512 or 4096: " + blockSize);
        }
        if (capacityBlocks < 1) {
            throw new IllegalArgumentException("size must hold at least one block");
        }
        this.blockSize = blockSize;
        this.blocksPerChunk = CHUNK_BYTES / blockSize;
        this.capacityBlocks = capacityBlocks;
        this.alloc = alloc;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long capacityBlocks() {
        return capacityBlocks;
    }

    @Override
    public boolean mayBlock() {
        return false;
    }

    /** Bytes of memory held for written blocks. */
    long allocatedBytes() {
        return (long) chunks.size() * CHUNK_BYTES;
    }

    @Override
    public void read(long lba, int blocks, ByteBuf dst) throws IOException {
        lock.readLock().lock();
        try {
            open();
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
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void write(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        lock.readLock().lock();
        try {
            open();
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
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int protectionType() {
        return protection == null ? 0 : protection.type();
    }

    @Override
    public void readProtection(long lba, int blocks, ByteBuf dst) throws IOException {
        lock.readLock().lock();
        try {
            open();
            protection.read(lba, blocks, dst);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void writeProtection(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        lock.readLock().lock();
        try {
            open();
            protection.write(lba, src);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Any number of blocks: copies between memory chunks cannot be cut short by a crash that keeps them. */
    @Override
    public int maxAtomicBlocks() {
        return Integer.MAX_VALUE;
    }

    /**
     * All-or-nothing because every chunk the write needs is allocated before any byte is copied, so running
     * out of memory (the only failure) leaves the blocks as they were; the SBC layer holds the range
     * against concurrent commands. A crash loses the whole ramdisk, which is as atomic as it gets.
     */
    @Override
    public void writeAtomic(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        lock.readLock().lock();
        try {
            open();
            long end = lba + src.readableBytes() / blockSize;
            for (long c = lba / blocksPerChunk; c <= (end - 1) / blocksPerChunk; c++) {
                chunk(c);
            }
            write(lba, src, forceUnitAccess);
        } finally {
            lock.readLock().unlock();
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

    /** Memory needs no flushing: a ramdisk is exactly as durable as the process. */
    @Override
    public void flush() {
    }

    @Override
    public boolean thinProvisioned() {
        return true;
    }

    @Override
    public void unmap(long lba, long blocks) throws IOException {
        lock.writeLock().lock();
        try {
            open();
            zero(lba, lba + blocks);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Deallocates whole chunks in {@code [from, to)} and zeros the partial ones; write lock held. */
    private void zero(long from, long to) {
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

    @Override
    public long provisioningExtent(long lba, long maxBlocks) throws IOException {
        lock.readLock().lock();
        try {
            open();
            boolean mapped = chunks.containsKey(lba / blocksPerChunk);
            long n = Math.min(maxBlocks, blocksPerChunk - lba % blocksPerChunk);
            while (n < maxBlocks && chunks.containsKey((lba + n) / blocksPerChunk) == mapped) {
                n = Math.min(maxBlocks, n + blocksPerChunk);
            }
            return mapped ? n : -n;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Changes the capacity; shrinking frees the memory of the blocks cut off. */
    void resize(long blocks) throws IOException {
        if (blocks < 1) {
            throw new IllegalArgumentException("size must hold at least one block");
        }
        lock.writeLock().lock();
        try {
            open();
            long old = capacityBlocks;
            if (blocks < old) {
                zero(blocks, Math.min(old, ((blocks + blocksPerChunk - 1) / blocksPerChunk) * blocksPerChunk));
                for (Iterator<Map.Entry<Long, ByteBuf>> it = chunks.entrySet().iterator(); it.hasNext();) {
                    Map.Entry<Long, ByteBuf> e = it.next();
                    if (e.getKey() * blocksPerChunk >= blocks) {
                        e.getValue().release();
                        it.remove();
                    }
                }
                if (protection != null) {
                    protection.truncate(blocks);
                }
            }
            capacityBlocks = blocks;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Frees all memory; later I/O fails. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                chunks.values().forEach(ByteBuf::release);
                chunks.clear();
                if (protection != null) {
                    protection.free();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void open() throws IOException {
        if (closed) {
            throw new IOException("ramdisk closed");
        }
    }
}
