package io.quiver.webconsole.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.testing.InMemoryManagementTree;
import io.quiver.testing.TreeDtos;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chart samples: the tree's cumulative counters per device and session, histogram as midpoints. */
class StatisticsJsonTest {

    @Test
    void histogramBucketsBecomeMidpoints() {
        assertEquals(List.of(List.of(0.5, 3L), List.of(1.5, 5L), List.of(96.0, 2L), List.of(201326592.0, 1L)),
                StatisticsJson.histogram("<1:3,<2:5,<128:2,>=134217728:1"));
        assertEquals(List.of(), StatisticsJson.histogram(""));
    }

    @Test
    void devicesAndSessionsWithTheirCounters() {
        InMemoryManagementTree tree = new InMemoryManagementTree();
        tree.add("/handlers/vdisk_fileio", "handler");
        tree.add(TreeDtos.node("/handlers/vdisk_fileio/disk0", "device",
                        TreeDtos.runtime("commands", "String", "10"), TreeDtos.runtime("read_bytes", "String", "4096"),
                        TreeDtos.runtime("write_bytes", "String", "0"), TreeDtos.runtime("errors", "String", "1"),
                        TreeDtos.runtime("latency_us", "String", "<64:10"),
                        TreeDtos.runtime("latency_sum_us", "String", "400")));
        tree.add("/handlers/vdisk_fileio/waiting", "device");
        tree.add(TreeDtos.node("/sessions/7", "session", TreeDtos.runtime("initiator", "String", "iqn.i"),
                        TreeDtos.runtime("commands", "String", "3")));
        var sample = StatisticsJson.sample(tree, 1234L);
        assertEquals(
                "{\"time\":1234,\"devices\":[{\"id\":\"disk0\",\"label\":\"disk0 (vdisk_fileio)\",\"commands\":10,"
                        + "\"read_bytes\":4096,\"write_bytes\":0,\"errors\":1,\"latency_sum_us\":400,\"latency\":[[48.0,10]]}],"
                        + "\"sessions\":[{\"id\":\"7\",\"label\":\"session 7 iqn.i\",\"commands\":3,\"read_bytes\":0,"
                        + "\"write_bytes\":0,\"errors\":0,\"latency_sum_us\":null,\"latency\":[]}]}",
                Json.write(sample));
    }

    @Test
    void jsonEscapesWhatCouldBreakOut() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", "q\"\\\n</script>\u0001");
        m.put("b", java.util.Arrays.asList(1, true, null));
        assertEquals("{\"a\":\"q\\\"\\\\\\n\\u003c/script>\\u0001\",\"b\":[1,true,null]}", Json.write(m));
    }
}
