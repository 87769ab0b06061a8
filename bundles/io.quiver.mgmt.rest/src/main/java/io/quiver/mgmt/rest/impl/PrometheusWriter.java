package io.quiver.mgmt.rest.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.NodeDTO;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes statistics nodes in the Prometheus text exposition format (version 0.0.4). Each node kind gets
 * its own metric families, {@code quiver_<kind>_commands_total}, {@code _read_bytes_total},
 * {@code _write_bytes_total}, {@code _errors_total} and the histogram {@code quiver_<kind>_latency_seconds}
 * ({@code _bucket{le}}, {@code _sum}, {@code _count}); samples are labelled with the node's {@code name} and
 * tree {@code path}. Knows the statistics' attribute names, not the kinds. Not thread-safe: one per scrape.
 */
final class PrometheusWriter {

    /** Counter attributes of a statistics node and their metric suffix and help. */
    private static final String[][] COUNTERS = {
        {"commands", "commands_total", "SCSI commands completed."},
        {"read_bytes", "read_bytes_total", "Bytes sent to initiators (data-in)."},
        {"write_bytes", "write_bytes_total", "Bytes received from initiators (data-out)."},
        {"errors", "errors_total", "Commands completed with a status other than GOOD or CONDITION MET."},
    };

    /** Samples by metric family, families in first-seen order, so each family is written as one block. */
    private final Map<String, Family> families = new LinkedHashMap<>();

    private record Family(String type, String help, StringBuilder samples) {
    }

    static String write(List<NodeDTO> nodes) {
        PrometheusWriter w = new PrometheusWriter();
        nodes.forEach(w::add);
        return w.toString();
    }

    void add(NodeDTO n) {
        String prefix = "quiver_" + sanitize(n.kind) + "_";
        String labels = "name=\"" + escape(n.name) + "\",path=\"" + escape(n.path) + "\"";
        for (String[] c : COUNTERS) {
            AttributeDTO a = n.attribute(c[0]);
            if (a != null && a.value != null && a.value.matches("\\d+")) {
                sample(prefix + c[1], "counter", c[2] + " Per " + n.kind + ".", prefix + c[1] + "{" + labels + "} " + a.value);
            }
        }
        AttributeDTO latency = n.attribute(StatisticsNodes.LATENCY);
        if (latency == null) {
            return;
        }
        String family = prefix + "latency_seconds";
        String help = "Command latency from submission to completion. Per " + n.kind + ".";
        LatencyHistogram h = LatencyHistogram.parse(latency.value);
        h.cumulative().forEach((le, count) ->
                sample(family, "histogram", help, family + "_bucket{" + labels + ",le=\"" + le + "\"} " + count));
        AttributeDTO sum = n.attribute("latency_sum_us");
        long sumMicros = sum != null && sum.value != null && sum.value.matches("\\d+") ? Long.parseLong(sum.value) : 0;
        sample(family, "histogram", help, family + "_sum{" + labels + "} " + LatencyHistogram.seconds(sumMicros));
        sample(family, "histogram", help, family + "_count{" + labels + "} " + h.count());
    }

    private void sample(String family, String type, String help, String line) {
        families.computeIfAbsent(family, f -> new Family(type, help, new StringBuilder())).samples().append(line).append('\n');
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        families.forEach((name, f) -> b.append("# HELP ").append(name).append(' ').append(f.help()).append('\n')
                .append("# TYPE ").append(name).append(' ').append(f.type()).append('\n')
                .append(f.samples()));
        return b.toString();
    }

    /** A node kind as a metric name part: {@code [a-z0-9_]} only. */
    static String sanitize(String kind) {
        return kind == null ? "node" : kind.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** A label value escaped as the text format requires (backslash, double quote, line feed). */
    static String escape(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
