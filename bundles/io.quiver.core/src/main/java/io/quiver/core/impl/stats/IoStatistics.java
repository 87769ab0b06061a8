package io.quiver.core.impl.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Command statistics of one device, target or session: commands, bytes read and written, errors
 * (any status but GOOD and CONDITION MET) and a latency histogram with power-of-two buckets in
 * microseconds (bucket {@code i} counts latencies below {@code 2^i} us, the last bucket the rest).
 *
 * <p>Lock-free ({@link LongAdder}): recorded from any thread on the completion path, read from any
 * thread; a read is a consistent-enough snapshot, not an atomic one.
 */
public final class IoStatistics {

    /** Buckets: below 1 us, 2 us, 4 us ... 2^(BUCKETS-2) us, and everything above. */
    public static final int BUCKETS = 28;

    private final LongAdder commands = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder[] latency = new LongAdder[BUCKETS];
    /** Sum of all latencies, so a Prometheus histogram can report its {@code _sum}. */
    private final LongAdder latencyNanos = new LongAdder();

    public IoStatistics() {
        for (int i = 0; i < BUCKETS; i++) {
            latency[i] = new LongAdder();
        }
    }

    /**
     * Records one completed command.
     *
     * @param read bytes of data-in sent
     * @param written bytes of data-out received
     * @param error whether it ended with an error status
     * @param nanos time from submission to completion
     */
    public void record(long read, long written, boolean error, long nanos) {
        commands.increment();
        if (read > 0) {
            bytesRead.add(read);
        }
        if (written > 0) {
            bytesWritten.add(written);
        }
        if (error) {
            errors.increment();
        }
        latency[bucket(nanos)].increment();
        latencyNanos.add(Math.max(0, nanos));
    }

    /** The histogram bucket for a latency: the bit length of the microseconds, capped. */
    static int bucket(long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        return Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(micros));
    }

    public long commands() {
        return commands.sum();
    }

    public long bytesRead() {
        return bytesRead.sum();
    }

    public long bytesWritten() {
        return bytesWritten.sum();
    }

    public long errors() {
        return errors.sum();
    }

    /** The sum of the recorded latencies in nanoseconds. */
    public long latencyNanos() {
        return latencyNanos.sum();
    }

    /** A snapshot of the histogram counts. */
    public long[] latencyHistogram() {
        long[] h = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            h[i] = latency[i].sum();
        }
        return h;
    }

    /** Sets every counter to zero (management command {@code reset_statistics}). */
    public void reset() {
        commands.reset();
        bytesRead.reset();
        bytesWritten.reset();
        errors.reset();
        latencyNanos.reset();
        for (LongAdder a : latency) {
            a.reset();
        }
    }

    /**
     * The counters as management attributes: {@code commands}, {@code read_bytes}, {@code write_bytes},
     * {@code errors}, {@code latency_us} as {@code <2^i:count} pairs of the non-empty buckets, and
     * {@code latency_sum_us}, the sum of all latencies (a histogram's {@code _sum}).
     */
    public Map<String, String> toAttributes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("commands", Long.toString(commands()));
        m.put("read_bytes", Long.toString(bytesRead()));
        m.put("write_bytes", Long.toString(bytesWritten()));
        m.put("errors", Long.toString(errors()));
        StringBuilder h = new StringBuilder();
        long[] counts = latencyHistogram();
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] != 0) {
                if (h.length() > 0) {
                    h.append(',');
                }
                h.append(i == BUCKETS - 1 ? ">=" : "<").append(1L << (i == BUCKETS - 1 ? i - 1 : i))
                        .append(':').append(counts[i]);
            }
        }
        m.put("latency_us", h.toString());
        m.put("latency_sum_us", Long.toString(latencyNanos() / 1000));
        return m;
    }
}
