package io.quiver.transport.fcoe.impl.fcp;

import java.util.Map;
import java.util.TreeMap;

/**
 * The byte ranges of one data-out transfer received so far, as disjoint, merged intervals: FCP_DATA frames
 * may come in any order and fragmentation, and a retransmitted frame must not count twice towards the end
 * of a burst. Not thread-safe (the exchange holds its lock).
 */
final class ReceivedRanges {

    /** Start offset → end offset (exclusive) of each received range; neighbours are merged. */
    private final TreeMap<Integer, Integer> ranges = new TreeMap<>();

    /** Records {@code [offset, end)}; returns how many of its bytes were not received before. */
    int add(int offset, int end) {
        int fresh = end - offset;
        int start = offset;
        int stop = end;
        Map.Entry<Integer, Integer> before = ranges.floorEntry(offset);
        if (before != null && before.getValue() >= offset) {
            start = before.getKey();
            fresh -= Math.min(before.getValue(), end) - offset;
            stop = Math.max(stop, before.getValue());
            ranges.remove(before.getKey());
        }
        Map.Entry<Integer, Integer> next = ranges.ceilingEntry(offset);
        while (next != null && next.getKey() <= stop) {
            fresh -= Math.max(0, Math.min(next.getValue(), end) - Math.max(next.getKey(), offset));
            stop = Math.max(stop, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(offset);
        }
        ranges.put(start, stop);
        return Math.max(fresh, 0);
    }

    /** The end of the range that starts at offset 0: how much data-out is in without a gap. */
    int contiguous() {
        Integer end = ranges.get(0);
        return end == null ? 0 : end;
    }
}
