package io.quiver.mgmt.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.testing.InMemoryManagementTree;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsNodesTest {

    @Test
    void findsEveryStatisticsNodeOnceWhateverItsKind() {
        InMemoryManagementTree tree = RestTestTree.create();
        tree.add("/targets/iscsi", "driver");
        RestTestTree.statistics(tree.add("/targets/iscsi/t1", "target"), "5", "");
        RestTestTree.statistics(tree.add("/targets/iscsi/t1/sessions/9", "session"), "1", "");
        RestTestTree.statistics(tree.add("/sessions/9", "session"), "1", "");

        List<String> paths = StatisticsNodes.collect(tree).stream().map(n -> n.path).toList();

        assertEquals(List.of("/sessions/9", "/handlers/vdisk_nullio/disk1", "/targets/iscsi/t1"), paths);
    }
}
