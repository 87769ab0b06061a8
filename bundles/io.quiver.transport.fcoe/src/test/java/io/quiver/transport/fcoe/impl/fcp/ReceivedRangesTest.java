package io.quiver.transport.fcoe.impl.fcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Received data-out ranges: out of order, overlapping and repeated frames count each byte once. */
class ReceivedRangesTest {

    @Test
    void mergesAndCountsFreshBytesOnce() {
        ReceivedRanges r = new ReceivedRanges();
        assertEquals(1452, r.add(1452, 2904));
        assertEquals(0, r.contiguous(), "a gap at 0");
        assertEquals(1452, r.add(0, 1452));
        assertEquals(2904, r.contiguous());
        assertEquals(0, r.add(0, 1452), "a retransmitted frame");
        assertEquals(0, r.add(100, 2000), "inside what is there");
        assertEquals(96, r.add(2904, 3000));
        assertEquals(100, r.add(3100, 3200));
        assertEquals(3000, r.contiguous());
        assertEquals(100, r.add(2950, 3150), "bridges the gap: 3000-3100 is new");
        assertEquals(3200, r.contiguous());
    }
}
