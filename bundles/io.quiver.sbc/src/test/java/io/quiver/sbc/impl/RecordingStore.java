package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.sbc.BlockStore;
import java.util.concurrent.atomic.AtomicInteger;

/** A heap-backed store that records durability calls (test only: no production code copies like this). */
class RecordingStore implements BlockStore {

    final int blockSize;
    final byte[] data;
    final boolean thin;
    final boolean mayBlock;
    final boolean[] mapped;
    final AtomicInteger flushes = new AtomicInteger();
    /** When set, {@link #write} stores the complement of the first byte of what it is given (a bad medium). */
    volatile boolean corruptWrites;
    /** When set, {@link #read} fails with it. */
    volatile java.io.IOException readFailure;
    /** When set, {@link #write} fails with it. */
    volatile java.io.IOException writeFailure;
    /** When set, {@link #flush()} fails with it. */
    volatile java.io.IOException flushFailure;
    final AtomicInteger forcedWrites = new AtomicInteger();
    final AtomicInteger cachedWrites = new AtomicInteger();
    final AtomicInteger unmaps = new AtomicInteger();
    volatile boolean closed;
    /** When set, reads wait for it (to hold a command inside its read). */
    volatile java.util.concurrent.CountDownLatch readGate;
    /** When set, counts reads that reached the gate. */
    final java.util.concurrent.Semaphore readsAtGate = new java.util.concurrent.Semaphore(0);
    /** Makes every read this slow, to widen race windows. */
    volatile long readDelayNanos;
    /** The thread of the last write. */
    volatile String lastWriteThread;
    /** The thread of the last read. */
    volatile String lastReadThread;
    /** What {@link #protectionType()} answers; {@link #pi} holds 8 bytes per block, all ones at first. */
    volatile int piType;
    final byte[] pi;
    /** What {@link #maxAtomicBlocks()} answers (0: no atomic writes). */
    volatile int atomicBlocks;
    /** Calls of {@link #writeAtomic}. */
    final AtomicInteger atomicWrites = new AtomicInteger();
    /** What {@link #memoryBacked()} answers. */
    volatile boolean memoryBacked;
    /** What {@link #readsCached()} answers; {@link #cacheHit} decides what {@link #readCached} does. */
    volatile boolean readsCached;
    volatile boolean cacheHit = true;
    /** The thread of the last {@link #readCached} call, hit or miss. */
    volatile String lastCachedReadThread;
    /** What {@link #lendsBlocks()} answers; {@link #lendable} decides whether {@link #lendBlocks} lends. */
    volatile boolean lendsBlocks;
    volatile boolean lendable = true;
    /** Calls of {@link #lendBlocks} that lent. */
    final AtomicInteger loans = new AtomicInteger();
    /** The thread of the last {@link #flush()}. */
    volatile String lastFlushThread;

    RecordingStore(int blockSize, int blocks, boolean thin, boolean mayBlock) {
        this.blockSize = blockSize;
        this.data = new byte[blockSize * blocks];
        this.thin = thin;
        this.mayBlock = mayBlock;
        this.mapped = new boolean[blocks];
        this.pi = new byte[8 * blocks];
        java.util.Arrays.fill(pi, (byte) 0xFF);
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long capacityBlocks() {
        return data.length / blockSize;
    }

    @Override
    public boolean mayBlock() {
        return mayBlock;
    }

    @Override
    public boolean memoryBacked() {
        return memoryBacked;
    }

    @Override
    public boolean lendsBlocks() {
        return lendsBlocks;
    }

    /** A read-only view of {@link #data} itself: later writes show through it, as through a mapped file. */
    @Override
    public ByteBuf lendBlocks(long lba, int blocks) {
        if (!lendable) {
            return null;
        }
        loans.incrementAndGet();
        return io.netty.buffer.Unpooled.wrappedBuffer(data, (int) lba * blockSize, blocks * blockSize).asReadOnly();
    }

    @Override
    public boolean readsCached() {
        return readsCached;
    }

    @Override
    public boolean readCached(long lba, int blocks, ByteBuf dst) throws java.io.IOException {
        lastCachedReadThread = Thread.currentThread().getName();
        if (!cacheHit) {
            return false;
        }
        dst.writeBytes(data, (int) (lba * blockSize), blocks * blockSize);
        return true;
    }

    @Override
    public void read(long lba, int blocks, ByteBuf dst) throws java.io.IOException {
        if (readFailure != null) {
            throw readFailure;
        }
        java.util.concurrent.CountDownLatch gate = readGate;
        if (gate != null) {
            readsAtGate.release();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lastReadThread = Thread.currentThread().getName();
        if (readDelayNanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(readDelayNanos);
        }
        synchronized (this) {
            dst.writeBytes(data, (int) lba * blockSize, blocks * blockSize);
        }
    }

    @Override
    public synchronized void write(long lba, ByteBuf src, boolean forceUnitAccess) throws java.io.IOException {
        if (writeFailure != null) {
            throw writeFailure;
        }
        lastWriteThread = Thread.currentThread().getName();
        int n = src.readableBytes();
        src.getBytes(src.readerIndex(), data, (int) lba * blockSize, n);
        if (corruptWrites) {
            data[(int) lba * blockSize] ^= (byte) 0xFF;
        }
        for (int i = 0; i < n / blockSize; i++) {
            mapped[(int) lba + i] = true;
        }
        (forceUnitAccess ? forcedWrites : cachedWrites).incrementAndGet();
    }

    @Override
    public int protectionType() {
        return piType;
    }

    @Override
    public synchronized void readProtection(long lba, int blocks, ByteBuf dst) {
        dst.writeBytes(pi, (int) lba * 8, blocks * 8);
    }

    @Override
    public synchronized void writeProtection(long lba, ByteBuf src, boolean forceUnitAccess) {
        src.getBytes(src.readerIndex(), pi, (int) lba * 8, src.readableBytes());
    }

    @Override
    public int maxAtomicBlocks() {
        return atomicBlocks;
    }

    @Override
    public void writeAtomic(long lba, ByteBuf src, boolean forceUnitAccess) throws java.io.IOException {
        if (src.readableBytes() > atomicBlocks * blockSize) {
            throw new IllegalArgumentException("longer than maxAtomicBlocks");
        }
        atomicWrites.incrementAndGet();
        write(lba, src, forceUnitAccess);
    }

    @Override
    public void flush() throws java.io.IOException {
        lastFlushThread = Thread.currentThread().getName();
        flushes.incrementAndGet();
        java.io.IOException failure = flushFailure;
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean thinProvisioned() {
        return thin;
    }

    @Override
    public synchronized void unmap(long lba, long blocks) {
        unmaps.incrementAndGet();
        java.util.Arrays.fill(data, (int) lba * blockSize, (int) (lba + blocks) * blockSize, (byte) 0);
        java.util.Arrays.fill(mapped, (int) lba, (int) (lba + blocks), false);
    }

    @Override
    public synchronized long provisioningExtent(long lba, long maxBlocks) {
        boolean m = mapped[(int) lba];
        long n = 1;
        while (n < maxBlocks && mapped[(int) (lba + n)] == m) {
            n++;
        }
        return m ? n : -n;
    }

    @Override
    public void close() {
        closed = true;
    }
}
