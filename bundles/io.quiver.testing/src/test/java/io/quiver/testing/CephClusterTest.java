package io.quiver.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CephClusterTest {

    /** Ports 31200-31219: the monitor and the daemons of this test's cluster. */
    @Test
    void clusterServesRbdImagesAndLeavesNothingBehind() throws Exception {
        assumeTrue(CephCluster.installed() || System.getenv("QUIVER_CI") != null,
                "Ceph is not installed (.ci/run installs ceph-mon ceph-osd ceph-mgr ceph-common)");
        Path conf;
        try (CephCluster ceph = CephCluster.start(Path.of("target"), 31200, 31201, 31219)) {
            conf = ceph.conf();
            assertTrue(ceph.startup().compareTo(Duration.ofMinutes(1)) < 0, "startup took " + ceph.startup());
            ceph.rbd("create", "--size", "16M", "rbd/fixture");
            assertTrue(ceph.rbd("ls", "rbd").contains("fixture"));
            assertTrue(ceph.ceph("health").contains("HEALTH_OK"), ceph.ceph("health"));
        }
        assertFalse(Files.exists(conf), "the cluster's directory is removed");
    }
}
