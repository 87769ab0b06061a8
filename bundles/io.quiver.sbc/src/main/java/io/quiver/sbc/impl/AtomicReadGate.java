package io.quiver.sbc.impl;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets READ stay off the range lock while making WRITE ATOMIC (16) atomic towards it (SBC-4 4.29: a read
 * of blocks an atomic write is changing returns all old or all new data). Atomic writes count themselves
 * in and out ({@link #enter()}, {@link #exit()}) around their store writes, which run under the range
 * lock. A read asks {@link #quiet()} before copying and {@link #unchangedSince} after: if no atomic write
 * was in flight before and none began since, the copy cannot mix old and new blocks; otherwise the read
 * is done again under the range lock. A read thus only waits while atomic writes run.
 *
 * <p>Why it holds: {@code done <= begun} always, so {@code done == begun} read after {@code begun} means
 * every atomic write begun before has ended, or a later one began, which {@link #unchangedSince} sees.
 * Thread-safe, lock-free.
 */
final class AtomicReadGate {

    private final AtomicLong begun = new AtomicLong();
    private final AtomicLong done = new AtomicLong();

    /** An atomic write starts changing blocks (call under its range lock, before the store write). */
    void enter() {
        begun.incrementAndGet();
    }

    /** The atomic write's store writes are over (call before releasing its range). */
    void exit() {
        done.incrementAndGet();
    }

    /** A stamp for {@link #unchangedSince}, or -1 if an atomic write may be in flight. */
    long quiet() {
        long b = begun.get();
        return done.get() == b ? b : -1;
    }

    /** Whether no atomic write began since {@code stamp} was taken. */
    boolean unchangedSince(long stamp) {
        return begun.get() == stamp;
    }
}
