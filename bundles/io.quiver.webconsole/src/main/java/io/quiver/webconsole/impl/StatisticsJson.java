package io.quiver.webconsole.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart data the page polls: for every device and every session, the core's cumulative statistics
 * counters from the management tree ({@code commands}, {@code read_bytes}, {@code write_bytes},
 * {@code errors}, {@code latency_us}) with a timestamp. The page turns two samples into IOPS, bandwidth
 * and mean latency; the server keeps no per-viewer state.
 *
 * <p>Mean latency over an interval is {@code d(latency_sum_us) / d(commands)} where the core reports the
 * sum; otherwise the page estimates it from the histogram ({@code <2^i:count} buckets in microseconds), sent
 * as {@code [midpoint_us, count]} pairs: {@code sum(d_count * mid) / sum(d_count)}, within a factor of two.
 *
 * <p>Thread-safe: stateless over a thread-safe tree.
 */
final class StatisticsJson {

    private static final List<String> COUNTERS = List.of("commands", "read_bytes", "write_bytes", "errors");

    private StatisticsJson() {
    }

    static Map<String, Object> sample(ManagementTree tree, long timeMillis) {
        List<Object> devices = new ArrayList<>();
        for (NodeDTO handler : tree.children("/handlers")) {
            for (NodeDTO device : tree.children(handler.path)) {
                if (device.attribute("commands") != null) {
                    devices.add(entry(device, device.name, device.name + " (" + handler.name + ")"));
                }
            }
        }
        List<Object> sessions = new ArrayList<>();
        for (NodeDTO s : tree.children("/sessions")) {
            AttributeDTO initiator = s.attribute("initiator");
            sessions.add(entry(s, s.name, "session " + s.name + (initiator == null ? "" : " " + initiator.value)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", timeMillis);
        m.put("devices", devices);
        m.put("sessions", sessions);
        return m;
    }

    private static Map<String, Object> entry(NodeDTO n, String id, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("label", label);
        for (String c : COUNTERS) {
            AttributeDTO a = n.attribute(c);
            m.put(c, a == null || a.value == null || a.value.isEmpty() ? 0L : Long.parseLong(a.value));
        }
        AttributeDTO sum = n.attribute("latency_sum_us");
        m.put("latency_sum_us", sum == null || sum.value == null || sum.value.isEmpty() ? null : Long.parseLong(sum.value));
        AttributeDTO latency = n.attribute("latency_us");
        m.put("latency", latency == null ? List.of() : histogram(latency.value));
        return m;
    }

    /** Parses {@code <1:3,<2:5,>=134217728:1} into {@code [[0.5,3],[1.5,5],[201326592.0,1]]}. */
    static List<Object> histogram(String text) {
        List<Object> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String bucket : text.split(",")) {
            int colon = bucket.lastIndexOf(':');
            String bound = bucket.substring(0, colon).trim();
            long count = Long.parseLong(bucket.substring(colon + 1).trim());
            double mid;
            if (bound.startsWith(">=")) {
                mid = 1.5 * Long.parseLong(bound.substring(2));
            } else {
                long upper = Long.parseLong(bound.substring(1));
                // bucket "<2^i" holds [2^(i-1), 2^i): its middle is 0.75 * 2^i; "<1" holds [0, 1)
                mid = upper == 1 ? 0.5 : 0.75 * upper;
            }
            out.add(List.of(mid, count));
        }
        return out;
    }
}
