package io.quiver.transport.iscsi.impl.login;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Rate limit of failed logins per initiator address: after {@code maxFailures} authentication failures within
 * the window, further logins from that address are refused for the back-off period, so that an attacker cannot
 * try CHAP secrets at line rate. At most {@link #MAX_ADDRESSES} addresses are tracked (the oldest record goes
 * first), so a flood of spoofed sources cannot grow memory. Thread-safe: logins on every event loop share
 * one instance; the methods are short and never block on I/O.
 */
public final class AuthFailureLimiter {

    /** Most addresses remembered at once. */
    static final int MAX_ADDRESSES = 4096;

    private final int maxFailures;
    private final long windowNanos;
    private final long backoffNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Record> byAddress = new LinkedHashMap<>();

    private static final class Record {
        final Deque<Long> failures = new ArrayDeque<>();
        long blockedUntil;
        boolean blocked;
    }

    /**
     * @param maxFailures failures within the window that start a back-off; 0 disables the limit
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
     */
    public AuthFailureLimiter(int maxFailures, int windowSeconds, int backoffSeconds, LongSupplier nanoClock) {
        this.maxFailures = maxFailures;
        this.windowNanos = TimeUnit.SECONDS.toNanos(windowSeconds);
        this.backoffNanos = TimeUnit.SECONDS.toNanos(backoffSeconds);
        this.nanoClock = nanoClock;
    }

    /** Whether logins from {@code address} are refused now. */
    public synchronized boolean refuses(String address) {
        Record r = byAddress.get(address);
        if (r == null || !r.blocked) {
            return false;
        }
        if (nanoClock.getAsLong() - r.blockedUntil >= 0) {
            byAddress.remove(address);
            return false;
        }
        return true;
    }

    /**
     * Counts one failed authentication from {@code address}.
     *
     * @return whether this failure started a back-off
     */
    public synchronized boolean failed(String address) {
        if (maxFailures <= 0) {
            return false;
        }
        long now = nanoClock.getAsLong();
        Record r = byAddress.remove(address);
        if (r == null) {
            r = new Record();
            evictOldest();
        }
        byAddress.put(address, r);
        if (r.blocked && now - r.blockedUntil >= 0) {
            r.blocked = false;
        }
        while (!r.failures.isEmpty() && now - r.failures.peekFirst() > windowNanos) {
            r.failures.pollFirst();
        }
        r.failures.addLast(now);
        if (r.failures.size() < maxFailures || r.blocked) {
            return false;
        }
        r.failures.clear();
        r.blocked = true;
        r.blockedUntil = now + backoffNanos;
        return true;
    }

    private void evictOldest() {
        Iterator<Record> oldest = byAddress.values().iterator();
        while (byAddress.size() >= MAX_ADDRESSES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Addresses currently remembered. */
    synchronized int tracked() {
        return byAddress.size();
    }

    /** The back-off period in seconds, for log lines. */
    public long backoffSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(backoffNanos);
    }
}
