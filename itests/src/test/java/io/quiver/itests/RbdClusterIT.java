package io.quiver.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.quiver.testing.CephCluster;
import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Two Quiver nodes serving one Ceph RBD image in cluster mode, set up as users do it: a throwaway Ceph cluster
 * ({@link CephCluster}, monitor 127.0.0.1:31550, daemons 31551-31569), a three-server ZooKeeper ensemble
 * (31570-31578) and two shipped distributions ({@link ClusterNode}, 31580 and 31590) with quiver-rbd booted and
 * without the shipped disk0. Node a gets its vdisk_rbd device disk0 through the REST API (it creates the image),
 * node b through scst.conf applied with {@code bin/quiver-admin -config}; both {@code cluster_mode}, LUN 0 of the
 * default target. The cephx key must appear in no REST response, no shell output and no written scst.conf.
 * Then: one identity through both nodes, libiscsi's MultipathIO and persistent reservation suites with node a's
 * URL first and b's second, the same PR state through both, and data written through one node read through the
 * other. Tests run in name order on one set-up; logs stay in {@code target/rbd-cluster/}.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class RbdClusterIT {

    private static final String IMAGE = "shared";
    private static final long SIZE = 256L << 20;
    private static final Path OUT = Path.of("target/rbd-cluster").toAbsolutePath();
    private static CephCluster ceph;
    private static String key;
    private static TestingCluster ensemble;
    private static ClusterNode a;
    private static ClusterNode b;
    private static RestClient restA;
    private static RestClient restB;

    @BeforeClass
    public static void startClusters() throws Exception {
        Assume.assumeTrue("libiscsi-bin is not installed", Files.isExecutable(Path.of("/usr/bin/iscsi-test-cu")));
        Assume.assumeTrue("Ceph is not installed (.ci/run installs it)",
                CephCluster.installed() || System.getenv("QUIVER_CI") != null);
        long t0 = System.nanoTime();
        ceph = CephCluster.start(OUT, 31550, 31551, 31569);
        System.out.println("RbdClusterIT: Ceph cluster up in " + ceph.startup().toMillis() + " ms");
        key = Files.readAllLines(ceph.adminKeyring()).stream().map(String::strip).filter(l -> l.startsWith("key"))
                .map(l -> l.substring(l.indexOf('=') + 1).strip()).findFirst().orElseThrow();
        List<InstanceSpec> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            servers.add(new InstanceSpec(null, 31570 + 3 * i, 31571 + 3 * i, 31572 + 3 * i, true, i + 1));
        }
        ensemble = new TestingCluster(servers);
        ensemble.start();
        a = rbdNode("a", 31580);
        b = rbdNode("b", 31590);
        // a first: it creates the image and becomes the device's owner.
        a.start();
        restA = rest(a);
        RestClient.Reply created = restA.json("POST", "/api/v1/tree/handlers/vdisk_rbd", "{\"name\": \"disk0\", "
                + "\"attributes\": {\"pool\": \"rbd\", \"image\": \"" + IMAGE + "\", \"size\": " + SIZE + ", \"conf\": \""
                + ceph.conf() + "\", \"keyring\": \"" + key + "\", \"cluster_mode\": true}}");
        assertEquals(created.toString(), 201, created.status);
        awaitWritable(a);
        assertTrue("node a created the image: " + ceph.rbd("ls", "rbd"), ceph.rbd("ls", "rbd").contains(IMAGE));
        b.start();
        restB = rest(b);
        ProcessRun applied = admin(b, "-config", write("b-scst.conf", """
                HANDLER vdisk_rbd {
                	DEVICE disk0 {
                		pool rbd
                		image %s
                		conf %s
                		keyring %s
                		cluster_mode 1
                	}
                }
                """.formatted(IMAGE, ceph.conf(), key)).toString(), "-noprompt");
        assertEquals(applied.output, 0, applied.exit);
        assertTrue(applied.output, applied.output.contains("applied: create /handlers/vdisk_rbd/disk0"));
        assertFalse("the report of the apply shows the key: " + applied.output, applied.output.contains(key));
        awaitWritable(b);
        System.out.println("RbdClusterIT: both nodes serve the image after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    private static ClusterNode rbdNode(String id, int portBase) throws Exception {
        ClusterNode n = new ClusterNode(id, portBase, OUT.resolve(id), ensemble.getConnectString());
        n.distribution.addBootFeature("quiver-rbd");
        return n;
    }

    @AfterClass
    public static void stopClusters() throws Exception {
        try {
            for (ClusterNode n : new ClusterNode[] {a, b}) {
                if (n != null) {
                    n.distribution.close();
                }
            }
            if (ensemble != null) {
                ensemble.close();
            }
        } finally {
            if (ceph != null) {
                ceph.close();
            }
        }
    }

    /** A REST client of the node as admin, once the API answers (the web server starts after the data path). */
    private static RestClient rest(ClusterNode n) throws Exception {
        UnpackedDistribution.awaitListening(n.httpPort());
        String password = Files.readString(n.distribution.home().resolve("etc/admin.password")).trim();
        RestClient client = new RestClient(n.httpPort(), "admin", password);
        RestClient.Reply root = Cdb.poll(() -> client.get("/api/v1/tree/handlers"), r -> r.status == 200);
        assertEquals(root.toString(), 200, root.status);
        return client;
    }

    /** Waits (up to 2 min) until a WRITE through LUN 0 of the node succeeds: device open, node connected. */
    private static void awaitWritable(ClusterNode n) throws Exception {
        RawScsiInitiator.Result last = null;
        for (long deadline = System.nanoTime() + 120_000_000_000L; System.nanoTime() < deadline;) {
            try (RawScsiInitiator i = Initiators.connect(n.iscsiPort(), ClusterNode.TARGET, "probe")) {
                last = Cdb.poll(() -> PrCommands.write(i, 100, 1), r -> r.status == 0);
                if (last.status == 0) {
                    return;
                }
            }
        }
        throw new AssertionError("node " + n.id + " never accepted a WRITE: " + last);
    }

    private static RawScsiInitiator session(ClusterNode n, String initiator) throws Exception {
        RawScsiInitiator i = Initiators.connect(n.iscsiPort(), ClusterNode.TARGET, initiator);
        Initiators.clearUnitAttentions(i, 0);
        return i;
    }

    private static Path write(String name, String text) throws Exception {
        Path f = OUT.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static ProcessRun admin(ClusterNode n, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(n.distribution.home().resolve("bin/quiver-admin").toString()));
        command.addAll(Arrays.asList(args));
        return ProcessRun.run(n.distribution.home(), command.toArray(String[]::new));
    }

    /** VPD 80h and the logical unit's NAA designator of VPD 83h, the same through both nodes. */
    @Test
    public void a_bothNodesReportOneIdentity() throws Exception {
        try (RawScsiInitiator viaA = session(a, "x"); RawScsiInitiator viaB = session(b, "x")) {
            String serial = serialNumber(PrCommands.vpd(viaA, 0x80));
            assertEquals("unit serial number (VPD 80h)", serial, serialNumber(PrCommands.vpd(viaB, 0x80)));
            String naa = naaDesignator(PrCommands.vpd(viaA, 0x83));
            System.out.println("RbdClusterIT: both nodes report NAA " + naa + ", serial " + serial);
            assertEquals("NAA designator of the logical unit (VPD 83h)", naa, naaDesignator(PrCommands.vpd(viaB, 0x83)));
        }
    }

    /** The PRODUCT SERIAL NUMBER of VPD page 80h. */
    private static String serialNumber(byte[] page) {
        int length = ((page[2] & 0xFF) << 8) | (page[3] & 0xFF);
        return new String(page, 4, Math.min(length, page.length - 4), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The NAA designator (type 3h) associated with the logical unit (association 0) in VPD page 83h, in hex. */
    private static String naaDesignator(byte[] page) {
        int end = Math.min(page.length, 4 + (((page[2] & 0xFF) << 8) | (page[3] & 0xFF)));
        for (int at = 4; at + 4 <= end; at += 4 + (page[at + 3] & 0xFF)) {
            if ((page[at + 1] & 0x0F) == 3 && (page[at + 1] & 0x30) == 0) {
                return java.util.HexFormat.of().formatHex(page, at + 4, at + 4 + (page[at + 3] & 0xFF));
            }
        }
        throw new AssertionError("no NAA designator of the logical unit in VPD 83h");
    }

    /**
     * What users see of the device: through REST on b (made by scst.conf) and on a (made by REST), the shell on
     * a, and scst.conf written back on both; the written file applies as "no changes" (a file without the key
     * keeps the key set), and no response, shell output or file carries the key.
     */
    @Test
    public void b_managementShowsTheDeviceButNeverTheKey() throws Exception {
        for (RestClient rest : List.of(restA, restB)) {
            RestClient.Reply device = rest.get("/api/v1/tree/handlers/vdisk_rbd/disk0");
            assertEquals(device.toString(), 200, device.status);
            assertEquals(IMAGE, Json.at(device.json(), "attributes", "image", "value"));
            assertEquals(device.body, "true", String.valueOf(Json.at(device.json(), "attributes", "cluster_mode", "value")));
            assertEquals(Boolean.TRUE, Json.at(device.json(), "attributes", "keyring", "secret"));
            RestClient.Reply config = rest.get("/api/v1/config");
            assertTrue(config.body, config.body.contains("HANDLER vdisk_rbd") && config.body.contains("DEVICE disk0"));
            for (String body : rest.bodies()) {
                assertFalse("a REST response carried the key: " + body, body.contains(key));
            }
        }
        String shown = a.distribution.client("quiver:show /handlers/vdisk_rbd/disk0", "quiver:config-write");
        assertTrue(shown, shown.contains(IMAGE));
        assertFalse("the shell shows the key: " + shown, shown.contains(key));
        for (ClusterNode n : List.of(a, b)) {
            Path written = OUT.resolve(n.id + "-written.conf");
            ProcessRun w = admin(n, "-write_config", written.toString());
            assertEquals(w.output, 0, w.exit);
            String text = Files.readString(written);
            System.out.println("RbdClusterIT: scst.conf written by node " + n.id + ":\n" + text);
            assertTrue(text, text.contains("HANDLER vdisk_rbd {") && text.contains("image " + IMAGE)
                    && text.contains("cluster_mode 1"));
            assertFalse("the written scst.conf carries the key: " + text, text.contains(key));
            assertEquals("no changes\n", admin(n, "-check_config", written.toString()).output);
            assertEquals("no changes\n", admin(n, "-config", written.toString(), "-noprompt").output);
        }
    }

    @Test
    public void c_iscsiTestCuAcrossBothNodes() throws Exception {
        ConformanceRun run = new ConformanceRun(OUT.resolve("conformance"));
        List<String> suites = ConformanceRun.suites().stream()
                .filter(s -> s.startsWith("Prout") || s.startsWith("Prin") || s.equals("MultipathIO"))
                .collect(Collectors.toList());
        long t0 = System.nanoTime();
        for (String suite : suites) {
            run.runSuite("", suite, List.of(a.url(), b.url()), 600);
        }
        String total = run.writeSummary(OUT.resolve("conformance/summary.txt"));
        System.out.println("RbdClusterIT: iscsi-test-cu across nodes a and b: " + total + " in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        List<String> failed = run.outcomes().entrySet().stream()
                .filter(e -> e.getValue() == ConformanceRun.Outcome.FAIL).map(Map.Entry::getKey)
                .collect(Collectors.toList());
        assertTrue("too few tests ran: " + total, run.outcomes().size() >= 20);
        assertTrue("MultipathIO ran: " + run.outcomes().keySet(),
                run.outcomes().keySet().stream().anyMatch(t -> t.startsWith("MultipathIO.")));
        assertEquals("failures across nodes (target/rbd-cluster/conformance)", List.of(), failed);
    }

    /**
     * x registers through a, y through b and takes Exclusive Access through b: PR IN the same bytes through both
     * nodes, x's READ through a refused, y's RELEASE through b lets it read; CLEAR through a owes y RESERVATIONS
     * PREEMPTED on b.
     */
    @Test
    public void d_persistentReservationsAreTheSameThroughBothNodes() throws Exception {
        int release = 2;
        int exclusiveAccess = 3;
        try (RawScsiInitiator xA = session(a, "x"); RawScsiInitiator yB = session(b, "y")) {
            assertEquals(0, PrCommands.out(xA, PrCommands.REGISTER_AND_IGNORE, 0, 0, 0xA1).status);
            assertEquals(0, PrCommands.out(yB, PrCommands.REGISTER_AND_IGNORE, 0, 0, 0xB2).status);
            assertEquals(0, PrCommands.out(yB, Cdb.RESERVE, exclusiveAccess, 0xB2, 0).status);
            for (int serviceAction : new int[] {Cdb.READ_KEYS, Cdb.READ_RESERVATION, 3}) {
                byte[] viaB = PrCommands.in(yB, serviceAction);
                assertArrayEquals("PERSISTENT RESERVE IN " + serviceAction + " through a and b", viaB,
                        PrCommands.in(xA, serviceAction));
            }
            assertEquals(List.of(0xA1L, 0xB2L), Cdb.keys(PrCommands.in(xA, Cdb.READ_KEYS)));
            assertEquals(0, PrCommands.write(yB, 7, 70).status);
            assertEquals("Exclusive Access held through b refuses x's READ through a", 0x18,
                    xA.execute(0, Cdb.read10(7, 1), null, PrCommands.BLOCK).status);
            assertEquals(0, PrCommands.out(yB, release, exclusiveAccess, 0xB2, 0).status);
            assertEquals("after the RELEASE through b, x reads through a what y wrote", 70, PrCommands.read(xA, 7));
            assertEquals(0, PrCommands.out(xA, PrCommands.CLEAR, 0, 0xA1, 0).status);
            assertEquals("RESERVATIONS PREEMPTED for y on b after CLEAR through a", "6/2a/03",
                    yB.execute(0, Cdb.testUnitReady(), null, 0).senseCode());
            assertEquals(List.of(), Cdb.keys(PrCommands.in(yB, Cdb.READ_KEYS)));
        }
    }

    /** 1 MiB across the image's first 4 MiB object boundary written through one node, read in one READ through the other. */
    @Test
    public void e_writeThroughOneNodeReadsBackThroughTheOther() throws Exception {
        int lba = 7168;
        int blocks = 2048;
        try (RawScsiInitiator xA = session(a, "x"); RawScsiInitiator yB = session(b, "y")) {
            for (int round = 0; round < 2; round++) {
                RawScsiInitiator writer = round == 0 ? xA : yB;
                RawScsiInitiator reader = round == 0 ? yB : xA;
                byte[] data = Cdb.pattern(round + 11, blocks);
                // The test initiator sends data-out as immediate data only: 16 blocks (8 KiB) a WRITE.
                for (int at = 0; at < blocks; at += 16) {
                    Initiators.assertGood("WRITE round " + round + " at " + (lba + at), writer.execute(0,
                            Cdb.write10(lba + at, 16), Arrays.copyOfRange(data, at * 512, (at + 16) * 512), 0));
                }
                RawScsiInitiator.Result r = reader.execute(0, Cdb.read10(lba, blocks), null, data.length);
                Initiators.assertGood("READ round " + round, r);
                assertArrayEquals("round " + round + ": what one node wrote, the other reads", data, r.data);
            }
        }
    }
}
