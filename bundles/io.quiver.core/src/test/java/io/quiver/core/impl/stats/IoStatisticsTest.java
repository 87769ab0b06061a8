package io.quiver.core.impl.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IoStatisticsTest {

    @Test
    void bucketsArePowersOfTwoMicroseconds() {
        assertEquals(0, IoStatistics.bucket(999));
        assertEquals(1, IoStatistics.bucket(1_000));
        assertEquals(2, IoStatistics.bucket(2_000));
        assertEquals(2, IoStatistics.bucket(3_999));
        assertEquals(3, IoStatistics.bucket(4_000));
        assertEquals(IoStatistics.BUCKETS - 1, IoStatistics.bucket(Long.MAX_VALUE));
        assertEquals(0, IoStatistics.bucket(-5));
    }

    @Test
    void countsAndResets() {
        IoStatistics s = new IoStatistics();
        s.record(512, 0, false, 1_500);
        s.record(0, 4096, true, 3_000_000);
        assertEquals(2, s.commands());
        assertEquals(512, s.bytesRead());
        assertEquals(4096, s.bytesWritten());
        assertEquals(1, s.errors());
        assertEquals(1, s.latencyHistogram()[1]);
        assertEquals(1, s.latencyHistogram()[12]);
        assertEquals("<2:1,<4096:1", s.toAttributes().get("latency_us"));
        assertEquals(3_001_500, s.latencyNanos());
        assertEquals("3001", s.toAttributes().get("latency_sum_us"));
        s.reset();
        assertEquals(0, s.commands());
        assertEquals("0", s.toAttributes().get("latency_sum_us"));
        assertEquals("", s.toAttributes().get("latency_us"));
    }
}
