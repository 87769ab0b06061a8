package io.quiver.sbc.impl;

import java.io.InterruptedIOException;

/**
 * Holds a long background write (a SANITIZE OVERWRITE) to a byte rate: before each piece the writer asks
 * {@link #pace} how far it may be by now and sleeps off any lead. A rate of 0 or less never waits. Used
 * by one thread at a time (the operation's); not thread-safe.
 */
final class Pacer {

    /** Time as the pacer sees it; tests substitute one that does not sleep. */
    interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };

    private final long bytesPerSecond;
    private final Clock clock;
    private long start = Long.MIN_VALUE;

    Pacer(long bytesPerSecond, Clock clock) {
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
    }

    /**
     * Waits until {@code bytesDone} bytes are due at the rate, counted from the first call.
     *
     * @throws InterruptedIOException if the thread is interrupted while it waits (the device is closing)
     */
    void pace(long bytesDone) throws InterruptedIOException {
        if (bytesPerSecond <= 0) {
            return;
        }
        long now = clock.nanoTime();
        if (start == Long.MIN_VALUE) {
            start = now;
        }
        long due = start + (long) (bytesDone * 1e9 / bytesPerSecond);
        if (due - now > 0) {
            try {
                clock.sleepNanos(due - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("sanitize interrupted");
            }
        }
    }
}
