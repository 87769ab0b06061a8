package io.quiver.transport.fcoe.impl.port;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a fixed number of commands outstanding against one LUN (the queue depth), each slot issuing its next
 * command as soon as the one before completes, and counts what completed: the engine of {@link FcoeIscsiBench},
 * shared by both paths so that only the transport differs. Subclasses send READ (16) / WRITE (16) their own
 * way and call {@link #completed}. Thread-safe: completions may arrive on any thread.
 */
abstract class QueueDepthLoad {

    /** One benchmark case: 4 KiB random or 1 MiB sequential, read or write, at a queue depth. */
    record Workload(String name, boolean read, boolean random, int blockSize, int queueDepth) {
    }

    final long capacity;
    final int logicalBlock;
    private final AtomicLong ios = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicLong sequential = new AtomicLong();
    private volatile boolean running;
    Workload workload;

    /** @param capacity the LUN's size in bytes; @param logicalBlock its logical block length */
    QueueDepthLoad(long capacity, int logicalBlock) {
        this.capacity = capacity;
        this.logicalBlock = logicalBlock;
    }

    /** Starts {@code w.queueDepth()} slots. */
    final void start(Workload w) {
        workload = w;
        running = true;
        sequential.set(0);
        for (int slot = 0; slot < w.queueDepth(); slot++) {
            outstanding.incrementAndGet();
            issue(slot, nextOffset());
        }
    }

    /** {I/Os, bytes} completed so far. */
    final long[] counters() {
        return new long[] {ios.get(), bytes.get()};
    }

    /** Lets the outstanding commands finish (no new ones) within {@code millis}; throws on a stall or an error. */
    final void stop(long millis) throws InterruptedException {
        running = false;
        long end = System.currentTimeMillis() + millis;
        while (outstanding.get() > 0 && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        if (outstanding.get() > 0) {
            throw new IllegalStateException(outstanding.get() + " commands of " + workload.name() + " never completed"
                    + (failure.get() == null ? "" : "; first failure: " + failure.get()));
        }
        check();
    }

    /** Throws if a command failed. */
    final void check() {
        if (failure.get() != null) {
            throw new IllegalStateException(workload.name() + ": " + failure.get());
        }
    }

    /** The next byte offset: random and block-aligned, or the next block of a sequential stream (wrapping). */
    final long nextOffset() {
        long blocks = capacity / workload.blockSize();
        if (workload.random()) {
            return ThreadLocalRandom.current().nextLong(blocks) * workload.blockSize();
        }
        return sequential.getAndIncrement() % blocks * workload.blockSize();
    }

    /** Sends the workload's command for {@code slot} at byte {@code offset}. */
    abstract void issue(int slot, long offset);

    /** A slot's command ended: counted if {@code error} is null, then the slot issues its next one. */
    final void completed(int slot, String error) {
        if (error != null) {
            failure.compareAndSet(null, error);
        } else {
            ios.incrementAndGet();
            bytes.addAndGet(workload.blockSize());
        }
        if (running && error == null) {
            issue(slot, nextOffset());
        } else {
            outstanding.decrementAndGet();
        }
    }

    /** The 16-byte READ (16) or WRITE (16) CDB of the workload at {@code offset}. */
    final byte[] cdb(long offset) {
        java.nio.ByteBuffer c = java.nio.ByteBuffer.allocate(16);
        c.put((byte) (workload.read() ? 0x88 : 0x8A)).put((byte) 0).putLong(offset / logicalBlock)
                .putInt(workload.blockSize() / logicalBlock);
        return c.array();
    }
}
