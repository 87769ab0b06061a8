package io.quiver.sbc.impl;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pooled direct buffers that remember themselves, so a test can prove every buffer the device took
 * was released exactly once (the leak detector only notices leaks the GC happens to find).
 */
final class TrackingAllocator extends AbstractByteBufAllocator {

    static final TrackingAllocator INSTANCE = new TrackingAllocator();

    private final List<ByteBuf> buffers = new CopyOnWriteArrayList<>();

    private TrackingAllocator() {
        super(true);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(PooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(PooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return true;
    }

    private ByteBuf track(ByteBuf b) {
        buffers.add(b);
        return b;
    }

    /** Buffers still referenced, after waiting up to a second for continuations to finish. */
    long unreleased() throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        long n;
        while ((n = buffers.stream().filter(b -> b.refCnt() != 0).count()) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return n;
    }

    void reset() {
        buffers.clear();
    }
}
