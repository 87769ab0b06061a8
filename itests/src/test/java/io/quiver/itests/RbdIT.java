package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.quiver.testing.CephCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Assume;
import org.junit.Test;

/**
 * vdisk_rbd as a user sets it up: a throwaway Ceph cluster ({@link CephCluster}: monitor on 127.0.0.1:31240,
 * daemons on 31241-31259), the default distribution (ports 31260-31265), {@code feature:install quiver-rbd}
 * and a device and LUN 1 created with {@code quiver:create} in the shell (512-byte blocks, {@code physblk_exp}
 * 0: with 3, GetLBAStatus.UnmapSingle failed before GET LBA STATUS came from librbd's diff, not re-run since; docs/rbd.md); then libiscsi's
 * {@code iscsi-test-cu -d} runs the block suites against LUN 1 and must report no failure. The cephx key given
 * as attribute {@code keyring} must not appear in what the shell shows. Logs stay in {@code target/rbd/}.
 */
public class RbdIT {

    private static final int PORT_BASE = 31260;
    private static final String TARGET = "iqn.2026-11.io.quiver:default";
    /** The suites that read, write, discard and compare blocks, plus the identity and capacity ones. */
    private static final List<String> SUITES = List.of("CompareAndWrite", "GetLBAStatus", "Inquiry", "ModeSense6",
            "OrWrite", "Prefetch10", "Prefetch16", "Read6", "Read10", "Read12", "Read16", "ReadCapacity10",
            "ReadCapacity16", "TestUnitReady", "Unmap", "Verify10", "Verify12", "Verify16", "Write10", "Write12",
            "Write16", "WriteSame10", "WriteSame16", "WriteVerify10", "WriteVerify12", "WriteVerify16");

    @Test
    public void iscsiTestCuPassesOnAnRbdLun() throws Exception {
        Assume.assumeTrue("libiscsi-bin is not installed (.ci/run installs it)",
                Files.isExecutable(Path.of("/usr/bin/iscsi-test-cu")));
        Assume.assumeTrue("Ceph is not installed (.ci/run installs it)",
                CephCluster.installed() || System.getenv("QUIVER_CI") != null);
        Path out = Path.of("target/rbd");
        ConformanceRun run = new ConformanceRun(out.resolve("logs"));
        try (CephCluster ceph = CephCluster.start(Path.of("target"), 31240, 31241, 31259)) {
            System.out.println("RbdIT: Ceph cluster up in " + ceph.startup().toMillis() + " ms");
            String key = Files.readAllLines(ceph.adminKeyring()).stream().map(String::strip)
                    .filter(l -> l.startsWith("key")).map(l -> l.substring(l.indexOf('=') + 1).strip())
                    .findFirst().orElseThrow();
            Path tarball = Path.of(System.getProperty("quiver.distribution"));
            try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/rbd-run"),
                    System.getProperty("java.home"), PORT_BASE)) {
                q.start();
                UnpackedDistribution.awaitListening(PORT_BASE + 2);
                q.client("feature:install quiver-rbd");
                q.client("quiver:create /handlers/vdisk_rbd rbd1 pool=rbd image=lun1 size=134217728 conf="
                        + ceph.conf() + " keyring=" + key,
                        "quiver:create /targets/iscsi/" + TARGET + "/luns 1 device=rbd1");
                String shown = q.client("quiver:show /handlers/vdisk_rbd/rbd1", "quiver:config-write");
                assertTrue("the device is there: " + shown, shown.contains("lun1"));
                assertFalse("the cephx key is write-only: " + shown, shown.contains(key));
                assertTrue("the image was created: " + ceph.rbd("ls", "rbd"), ceph.rbd("ls", "rbd").contains("lun1"));

                String url = "iscsi://127.0.0.1:" + (PORT_BASE + 2) + "/" + TARGET + "/1";
                long t0 = System.nanoTime();
                for (String suite : SUITES) {
                    run.runSuite("rbd:", suite, List.of(url), 300);
                }
                System.out.println("RbdIT: suites took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                q.stop();
            }
        }
        String total = run.writeSummary(out.resolve("summary.txt"));
        System.out.println("iscsi-test-cu on vdisk_rbd: " + total);
        Map<String, ConformanceRun.Outcome> outcomes = run.outcomes();
        List<String> failed = outcomes.entrySet().stream().filter(e -> e.getValue() == ConformanceRun.Outcome.FAIL)
                .map(Map.Entry::getKey).collect(Collectors.toList());
        assertTrue("too few tests ran: " + total, outcomes.size() >= 130);
        assertEquals("iscsi-test-cu failures on vdisk_rbd (target/rbd/)", List.of(), failed);
    }
}
