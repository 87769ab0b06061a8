package io.quiver.handler.ramdisk.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.sbc.BlockStore;
import java.io.IOException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Blocks in memory, thin: memory is taken only for written blocks, in {@link MemoryChunks} of pooled
 * direct bytes, so the memory a ramdisk holds is bounded by its size and by what was written.
 * Unwritten and unmapped blocks read as zeros (LBPRZ); UNMAP of whole chunks gives their memory back.
 *
 * <p>Never blocks on I/O. Thread-safe: reads and writes share a read lock (writes to one chunk touch
 * disjoint bytes or are ordered by the SBC range lock); unmap, resize and close take the write lock so
 * no chunk is freed under a reader. Memory exhaustion (the pool's direct memory bound) surfaces as a
 * {@link io.quiver.sbc.SpaceAllocationFailedException}, which initiators see as SPACE ALLOCATION FAILED WRITE PROTECT, the
 * answer of a thin disk out of space, never as an {@link Error} on the caller's thread.
 */
final class MemoryBlockStore implements BlockStore {

    private final int blockSize;
    private final MemoryChunks chunks;
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
        this.capacityBlocks = capacityBlocks;
        this.chunks = new MemoryChunks(blockSize, alloc);
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
        return chunks.allocatedBytes();
    }

    @Override
    public void read(long lba, int blocks, ByteBuf dst) throws IOException {
        locked(lock.readLock(), () -> chunks.read(lba, blocks, dst));
    }

    @Override
    public void write(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        locked(lock.readLock(), () -> chunks.write(lba, src));
    }

    @Override
    public int protectionType() {
        return protection == null ? 0 : protection.type();
    }

    @Override
    public void readProtection(long lba, int blocks, ByteBuf dst) throws IOException {
        locked(lock.readLock(), () -> protection.read(lba, blocks, dst));
    }

    @Override
    public void writeProtection(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        locked(lock.readLock(), () -> protection.write(lba, src));
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
        locked(lock.readLock(), () -> {
            chunks.allocate(lba, lba + src.readableBytes() / blockSize);
            write(lba, src, forceUnitAccess);
        });
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
        locked(lock.writeLock(), () -> chunks.deallocate(lba, lba + blocks));
    }

    @Override
    public long provisioningExtent(long lba, long maxBlocks) throws IOException {
        lock.readLock().lock();
        try {
            open();
            return chunks.provisioningExtent(lba, maxBlocks);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Changes the capacity; shrinking frees the memory of the blocks cut off. */
    void resize(long blocks) throws IOException {
        if (blocks < 1) {
            throw new IllegalArgumentException("size must hold at least one block");
        }
        locked(lock.writeLock(), () -> {
            long old = capacityBlocks;
            if (blocks < old) {
                chunks.truncate(blocks, old);
                if (protection != null) {
                    protection.truncate(blocks);
                }
            }
            capacityBlocks = blocks;
        });
    }

    /** Frees all memory; later I/O fails. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                chunks.free();
                if (protection != null) {
                    protection.free();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Runs {@code action} on an open store under {@code held}: the read lock for I/O (any number at once,
     * no chunk freed meanwhile), the write lock for changes of the chunk map (no I/O meanwhile).
     */
    private void locked(Lock held, IoAction action) throws IOException {
        held.lock();
        try {
            open();
            action.run();
        } finally {
            held.unlock();
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private void open() throws IOException {
        if (closed) {
            throw new IOException("ramdisk closed");
        }
    }
}
