package io.quiver.mgmt.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.api.mgmt.NodeDTO;
import io.quiver.testing.InMemoryManagementTree;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusWriterTest {

    @Test
    void writesCountersAndACumulativeHistogramPerKind() {
        InMemoryManagementTree tree = RestTestTree.create();
        NodeDTO disk = tree.node("/handlers/vdisk_nullio/disk1").orElseThrow();
        NodeDTO session = tree.add("/sessions/3", "session");
        RestTestTree.statistics(session, "2", "<1:1,>=67108864:1");
        String text = PrometheusWriter.write(List.of(disk, session));
        String labels = "{name=\"disk1\",path=\"/handlers/vdisk_nullio/disk1\"";
        assertTrue(text.startsWith("# HELP quiver_device_commands_total SCSI commands completed. Per device.\n"
                + "# TYPE quiver_device_commands_total counter\n"
                + "quiver_device_commands_total" + labels + "} 7\n"), text);
        assertTrue(text.contains("quiver_device_read_bytes_total" + labels + "} 4096\n"), text);
        assertTrue(text.contains("quiver_device_errors_total" + labels + "} 1\n"), text);
        assertTrue(text.contains("# TYPE quiver_device_latency_seconds histogram\n"), text);
        assertTrue(text.contains("quiver_device_latency_seconds_bucket" + labels + ",le=\"0.000001\"} 0\n"), text);
        assertTrue(text.contains("quiver_device_latency_seconds_bucket" + labels + ",le=\"0.000002\"} 3\n"), text);
        assertTrue(text.contains("quiver_device_latency_seconds_bucket" + labels + ",le=\"0.000032\"} 3\n"), text);
        assertTrue(text.contains("quiver_device_latency_seconds_bucket" + labels + ",le=\"0.000064\"} 7\n"), text);
        assertTrue(text.contains("quiver_device_latency_seconds_bucket" + labels + ",le=\"67.108864\"} 7\n"), text);
        assertTrue(text.contains("quiver_device_latency_seconds_bucket" + labels + ",le=\"+Inf\"} 7\n"), text);
        assertTrue(text.contains("quiver_device_latency_seconds_sum" + labels + "} 0.00025\n"), text);
        assertTrue(text.contains("quiver_device_latency_seconds_count" + labels + "} 7\n"), text);
        assertTrue(text.contains("quiver_session_latency_seconds_bucket{name=\"3\",path=\"/sessions/3\",le=\"0.000001\"} 1\n"), text);
        assertTrue(text.contains("quiver_session_latency_seconds_bucket{name=\"3\",path=\"/sessions/3\",le=\"67.108864\"} 1\n"), text);
        assertTrue(text.contains("quiver_session_latency_seconds_bucket{name=\"3\",path=\"/sessions/3\",le=\"+Inf\"} 2\n"), text);
        assertEquals(1, count(text, "# TYPE quiver_device_commands_total"));
        assertEquals(LatencyHistogram.LADDER + 1, count(text, "quiver_device_latency_seconds_bucket{"));
    }

    @Test
    void familiesAreWrittenAsOneBlockEach() {
        InMemoryManagementTree tree = RestTestTree.create();
        NodeDTO other = tree.add("/handlers/vdisk_nullio/disk2", "device");
        RestTestTree.statistics(other, "1", "");
        String text = PrometheusWriter.write(List.of(tree.node("/handlers/vdisk_nullio/disk1").orElseThrow(), other));
        int first = text.indexOf("quiver_device_commands_total{name=\"disk1\"");
        int second = text.indexOf("quiver_device_commands_total{name=\"disk2\"");
        assertEquals(first + text.substring(first).indexOf('\n') + 1, second, text);
    }

    @Test
    void escapesLabelValuesAndSanitisesKinds() {
        assertEquals("a\\\"b\\\\c\\nd", PrometheusWriter.escape("a\"b\\c\nd"));
        assertEquals("alua_target_group", PrometheusWriter.sanitize("alua-Target.group".replace('.', '_')));
        assertEquals("x_y", PrometheusWriter.sanitize("x:y"));
    }

    @Test
    void histogramParsing() {
        LatencyHistogram h = LatencyHistogram.parse("<4:2, <3:1,>=67108864:5");
        Map<String, Long> c = h.cumulative();
        assertEquals(0L, c.get("0.000002"));
        assertEquals(1L, c.get("0.000003"));
        assertEquals(3L, c.get("0.000004"));
        assertEquals(8L, c.get("+Inf"));
        assertEquals(8, h.count());
        assertEquals(0, LatencyHistogram.parse("").count());
        assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.parse("4:2"));
        assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.parse("<4"));
        assertThrows(NumberFormatException.class, () -> LatencyHistogram.parse("<x:1"));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
