package io.quiver.mgmt.rest.impl;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A latency histogram read from the tree's {@code latency_us} statistic: comma-separated
 * {@code <bound:count} pairs (latencies below {@code bound} microseconds, power-of-two buckets, empty ones
 * left out) and one {@code >=bound:count} pair for the overflow. Turned into Prometheus's cumulative
 * buckets over a fixed ladder of powers of two (so every scrape has the same {@code le} set), plus the
 * bounds the text names. Immutable.
 */
final class LatencyHistogram {

    /** Upper bounds of the standard ladder: 1 us to 2^26 us (67 s). */
    static final int LADDER = 27;

    /** Counts by exclusive upper bound in microseconds; {@link Long#MAX_VALUE} is the overflow. */
    private final TreeMap<Long, Long> counts = new TreeMap<>();

    private LatencyHistogram() {
    }

    /**
     * Parses the statistic.
     *
     * @throws IllegalArgumentException if it is not in that form
     */
    static LatencyHistogram parse(String text) {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < LADDER; i++) {
            h.counts.put(1L << i, 0L);
        }
        h.counts.put(Long.MAX_VALUE, 0L);
        if (text == null || text.isBlank()) {
            return h;
        }
        for (String pair : text.split(",")) {
            String p = pair.trim();
            int colon = p.indexOf(':');
            boolean overflow = p.startsWith(">=");
            if (colon < 0 || !(overflow || p.startsWith("<"))) {
                throw new IllegalArgumentException("not a latency bucket: " + p);
            }
            long bound = Long.parseLong(p.substring(overflow ? 2 : 1, colon));
            long count = Long.parseLong(p.substring(colon + 1));
            h.counts.merge(overflow ? Long.MAX_VALUE : bound, count, Long::sum);
        }
        return h;
    }

    /** Cumulative counts by {@code le} label ({@code +Inf} last), as Prometheus wants them. */
    Map<String, Long> cumulative() {
        Map<String, Long> out = new LinkedHashMap<>();
        long sum = 0;
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            sum += e.getValue();
            out.put(e.getKey() == Long.MAX_VALUE ? "+Inf" : seconds(e.getKey()), sum);
        }
        return out;
    }

    /** Every latency counted. */
    long count() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Microseconds as decimal seconds, without exponent or trailing zeros. */
    static String seconds(long micros) {
        return BigDecimal.valueOf(micros).movePointLeft(6).stripTrailingZeros().toPlainString();
    }
}
