package io.quiver.core.impl.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relative target port ids from the cluster: a target registered before the store came, and one registered
 * after, both take the id the store allocated (unique across nodes there) and the node publishes those ids.
 */
class ClusterTargetPortsTest {

    @TempDir
    Path dir;

    @Test
    void targetsTakeTheClusterIdsAndPublishThem() throws Exception {
        LockingEnsemble ensemble = new LockingEnsemble();
        try (Harness node = new Harness(dir)) {
            assertEquals(1, node.target.target().relativeTargetPortId(), "the local id before the cluster answers");
            node.core.clusterStore(ensemble.node("a"));
            awaitPorts(ensemble, Set.of(7));
            assertEquals(7, node.target.target().relativeTargetPortId());
            node.driver.createTarget("t2");
            awaitPorts(ensemble, Set.of(7, 8));
        }
    }

    private static void awaitPorts(LockingEnsemble ensemble, Set<Integer> ports) throws InterruptedException {
        for (int i = 0; i < 200 && !ports.equals(ensemble.published.get("a")); i++) {
            Thread.sleep(25);
        }
        assertEquals(ports, ensemble.published.get("a"));
    }
}
