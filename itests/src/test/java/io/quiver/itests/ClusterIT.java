package io.quiver.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * Cluster mode end to end: a real three-server ZooKeeper ensemble (Curator's TestingCluster, real QuorumPeers
 * on 127.0.0.1), two Quiver distributions as shipped (unpacked twice, own ports, relative target ports 1 and
 * 2) serving one cluster_mode fileio device on one shared file; node b reaches ZooKeeper through relays of the
 * test's ({@link PartitionRelay}), which cut it off for the partition test. Tests run in name order on one
 * cluster; the later ones break it and mend it (quorum loss, SIGSTOP, kill -9 and a restart, the partition, a
 * restart of the whole cluster); the last one, a Linux guest's dm-multipath, leaves the owner node dead.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ClusterIT {

    private static final String X = "iqn.2026-12.test:x";
    private static final String Y = "iqn.2026-12.test:y";
    /** What fails across nodes today, and why (docs/cluster.md); the list may only shrink. */
    private static final Map<String, String> KNOWN_FAILURES = Map.of();
    /** What fails in some runs only, and why; empty: every test of the suites must pass in every run. */
    private static final Map<String, String> UNSTABLE = Map.of();
    /** REPORT TARGET PORT GROUPS (MAINTENANCE IN 0Ah), allocation length 1024. */
    private static final byte[] RTPG = {(byte) 0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0};
    private static TestingCluster ensemble;
    private static ClusterNode a;
    private static ClusterNode b;
    private static final List<PartitionRelay> relays = new ArrayList<>();

    @BeforeClass
    public static void startCluster() throws Exception {
        // Fixed ports (client, election, quorum per server) in the range this test may use: 31630-31638.
        List<InstanceSpec> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            servers.add(new InstanceSpec(null, 31630 + 3 * i, 31631 + 3 * i, 31632 + 3 * i, true, i + 1));
        }
        ensemble = new TestingCluster(servers);
        ensemble.start();
        // Node b reaches every ZooKeeper server through a relay of the test's (31640-31642), which can cut it off
        // from the ensemble while its initiators still reach it; node a connects directly.
        List<String> relayed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            relays.add(new PartitionRelay(31640 + i, servers.get(i).getPort()));
            relayed.add("127.0.0.1:" + relays.get(i).port());
        }
        Path dir = Path.of("target/cluster-it").toAbsolutePath();
        Files.createDirectories(dir);
        Path shared = dir.resolve("shared.img");
        // A fresh (zeroed) file every run: libiscsi 1.19's MultipathIO.CompareAndWrite zeroes blocks 0-255 with
        // WRITE SAME but then compares blocks 0-256 (its loop runs to n inclusive), so it needs block 256 to hold
        // zeros already, and its own successful run leaves 02h there. A file kept from the previous run made it
        // miscompare at block 256 through node a, every second run (upstream libiscsi later stopped at 255).
        Files.deleteIfExists(shared);
        try (RandomAccessFile f = new RandomAccessFile(shared.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        a = new ClusterNode("a", 31610, dir.resolve("a"), ensemble.getConnectString(), shared);
        b = new ClusterNode("b", 31620, dir.resolve("b"), String.join(",", relayed), shared);
        // a first, so that a is elected the device's owner (ALUA active/optimized) and b's group non-optimized,
        // and the cluster allocates relative target port id 1 to a's target and 2 to b's (both ask for 0).
        a.start();
        awaitWritable(a);
        b.start();
        awaitWritable(b);
    }

    @AfterClass
    public static void stopCluster() throws Exception {
        for (ClusterNode n : new ClusterNode[] {a, b}) {
            if (n != null) {
                n.distribution.close();
            }
        }
        for (PartitionRelay relay : relays) {
            relay.close();
        }
        if (ensemble != null) {
            ensemble.close();
        }
    }

    /** Waits until a WRITE through the node succeeds: device attached, node connected to ZooKeeper. */
    private static void awaitWritable(ClusterNode n) throws Exception {
        awaitGood(n, "WRITE", i -> PrCommands.write(i, 100, 1));
    }

    /** Waits until a READ through the node succeeds (a WRITE may meet a reservation): joined and connected. */
    private static void awaitReadable(ClusterNode n) throws Exception {
        awaitGood(n, "READ", i -> i.execute(0, Cdb.read10(100, 1), null, PrCommands.BLOCK));
    }

    private interface Probe {
        RawScsiInitiator.Result run(RawScsiInitiator i) throws Exception;
    }

    /** Sends {@code probe} through a new session to the node until it answers GOOD, for 120 s at most. */
    private static void awaitGood(ClusterNode n, String what, Probe probe) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            try (RawScsiInitiator i = session(n, "iqn.2026-12.test:probe")) {
                RawScsiInitiator.Result r = probe.run(i);
                if (r.status == 0) {
                    return;
                }
                last = r.toString();
            } catch (Exception | AssertionError e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("node " + n.id + " never accepted a " + what + ": " + last);
    }

    /** A logged-in session whose unit attentions (POWER ON, RESET...) TEST UNIT READY has consumed. */
    private static RawScsiInitiator session(ClusterNode n, String initiator) throws Exception {
        RawScsiInitiator i = new RawScsiInitiator(n.iscsiPort(), ClusterNode.TARGET, initiator);
        for (int tries = 0; tries < 8; tries++) {
            if (i.execute(0, Cdb.testUnitReady(), null, 0).status == 0) {
                return i;
            }
        }
        i.close();
        throw new AssertionError("TEST UNIT READY through node " + n.id + " never returned GOOD");
    }

    @Test
    public void a_bothNodesReportOneIdentity() throws Exception {
        try (RawScsiInitiator viaA = session(a, X); RawScsiInitiator viaB = session(b, X)) {
            assertArrayEquals("unit serial number (VPD 80h)", PrCommands.vpd(viaA, 0x80), PrCommands.vpd(viaB, 0x80));
            byte[] idA = PrCommands.vpd(viaA, 0x83);
            byte[] idB = PrCommands.vpd(viaB, 0x83);
            int first = 4 + 4 + (idA[7] & 0xFF);
            assertEquals("first designator is the NAA one", 3, idA[5] & 0x0F);
            System.out.println("VPD 83h through a: " + java.util.HexFormat.of().formatHex(idA) + "\nVPD 83h through b: "
                    + java.util.HexFormat.of().formatHex(idB));
            // The designator only: the page's length (bytes 2-3) counts each node's own target port designators.
            assertArrayEquals("NAA designator (VPD 83h)", Arrays.copyOfRange(idA, 4, first),
                    Arrays.copyOfRange(idB, 4, first));
        }
    }

    @Test
    public void b_iscsiTestCuAcrossBothNodes() throws Exception {
        Assume.assumeTrue("libiscsi-bin is not installed", Files.isExecutable(Path.of("/usr/bin/iscsi-test-cu")));
        ConformanceRun run = new ConformanceRun(Path.of("target/cluster-it/conformance"));
        List<String> suites = ConformanceRun.suites().stream()
                .filter(s -> s.startsWith("Prout") || s.startsWith("Prin") || s.equals("Reserve6")
                        || s.equals("MultipathIO"))
                .collect(Collectors.toList());
        for (String suite : suites) {
            run.runSuite("", suite, List.of(a.url(), b.url()), 600);
        }
        String total = run.writeSummary(Path.of("target/cluster-it/conformance/summary.txt"));
        System.out.println("iscsi-test-cu across nodes a and b: " + total);
        List<String> failed = run.outcomes().entrySet().stream()
                .filter(e -> e.getValue() == ConformanceRun.Outcome.FAIL).map(Map.Entry::getKey)
                .filter(name -> !KNOWN_FAILURES.containsKey(name) && !UNSTABLE.containsKey(name))
                .collect(Collectors.toList());
        List<String> fixed = KNOWN_FAILURES.keySet().stream()
                .filter(name -> run.outcomes().get(name) != ConformanceRun.Outcome.FAIL).collect(Collectors.toList());
        assertTrue("too few tests ran: " + total, run.outcomes().size() >= 20);
        assertEquals("failures across nodes (target/cluster-it/conformance)", List.of(), failed);
        assertEquals("known failures that pass now: remove them from KNOWN_FAILURES", List.of(), fixed);
    }

    /**
     * x through node a and y through node b each increment a counter block 100 times by read + COMPARE AND
     * WRITE (again after a MISCOMPARE): without a cluster-wide lock two CAWs could both compare equal and one
     * increment would be lost; with it the counter ends at exactly 200.
     */
    @Test
    public void bb_compareAndWriteIsAtomicAcrossNodes() throws Exception {
        try (RawScsiInitiator xA = session(a, X); RawScsiInitiator yB = session(b, Y)) {
            assertEquals(0, PrCommands.write(xA, 20, 0).status);
            AtomicLong miscompares = new AtomicLong();
            long start = System.nanoTime();
            CompletableFuture<Void> viaA = increment(xA, miscompares);
            CompletableFuture<Void> viaB = increment(yB, miscompares);
            viaA.get(120, TimeUnit.SECONDS);
            viaB.get(120, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("COMPARE AND WRITE across nodes: 200 increments in " + ms + " ms, "
                    + miscompares.get() + " miscompares");
            assertEquals("counter through node a", 200, PrCommands.read(xA, 20));
            assertEquals("counter through node b", 200, PrCommands.read(yB, 20));
        }
    }

    private static CompletableFuture<Void> increment(RawScsiInitiator i, AtomicLong miscompares) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                for (int n = 0; n < 100;) {
                    long v = PrCommands.read(i, 20);
                    RawScsiInitiator.Result r = PrCommands.compareAndWrite(i, 20, v, v + 1);
                    if (r.status == 0) {
                        n++;
                    } else if (r.senseCode().startsWith("e/1d")) {
                        miscompares.incrementAndGet(); // the other node incremented first: read again
                    } else {
                        throw new AssertionError("COMPARE AND WRITE: " + r);
                    }
                }
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        t.start();
        return done;
    }

    /**
     * REPORT TARGET PORT GROUPS through either node: the same bytes, one group per node (a's with relative
     * target port 1, b's with 2: both nodes' targets ask for rel_tgt_id 0, and the cluster allocated distinct
     * ids), the owner a active/optimized with PREF, b active/non-optimized; INQUIRY reports implicit ALUA
     * (TPGS 01b).
     */
    @Test
    public void cc_aluaGroupsAreTheSameThroughBothNodes() throws Exception {
        try (RawScsiInitiator xA = session(a, X); RawScsiInitiator yB = session(b, Y)) {
            byte[] viaA = awaitGroups(xA, 2);
            assertArrayEquals("REPORT TARGET PORT GROUPS through a and b", viaA, awaitGroups(yB, 2));
            Map<Integer, Integer> states = groupStates(viaA);
            assertEquals("relative target port 1 (node a): active/optimized + PREF", 0x80, (int) states.get(1));
            assertEquals("relative target port 2 (node b): active/non-optimized", 0x01, (int) states.get(2));
            byte[] inquiry = xA.execute(0, Cdb.inquiry(96), null, 96).data;
            assertEquals("TPGS: implicit ALUA", 1, (inquiry[5] >> 4) & 3);
        }
        String shown = b.distribution.client("quiver:show /handlers/vdisk_fileio/disk0");
        System.out.println("quiver:show through node b: " + shown.lines()
                .filter(l -> l.contains("cluster_")).collect(Collectors.joining(" | ")));
        assertTrue("the shell shows node a as the owner: " + shown, shown.lines()
                .anyMatch(l -> l.matches("\\s*cluster_owner\\s*=\\s*a\\s.*")));
        assertTrue(shown, shown.contains("active/optimized") && shown.contains("active/non-optimized"));
    }

    /**
     * non_owner_state = standby, changed in place on both nodes: b's group turns standby (the owner a stays
     * active/optimized), READ and WRITE through b answer NOT READY, TARGET PORT IN STANDBY STATE (02/04/0B),
     * through a they work; back to active/non-optimized, b writes again. The owner does not move.
     */
    @Test
    public void cd_standbyNonOwnerRefusesMediaAccess() throws Exception {
        try (RawScsiInitiator xA = session(a, X); RawScsiInitiator yB = session(b, Y)) {
            a.nonOwnerState("standby");
            b.nonOwnerState("standby");
            try {
                assertEquals(Map.of(1, 0x80, 2, 0x02), awaitStates(yB, Map.of(1, 0x80, 2, 0x02)));
                assertEquals(Map.of(1, 0x80, 2, 0x02), awaitStates(xA, Map.of(1, 0x80, 2, 0x02)));
                assertEquals("WRITE through standby b", "2/04/0b", afterUnitAttentions(() -> PrCommands.write(yB, 13, 1)));
                assertEquals("READ through standby b", "2/04/0b",
                        afterUnitAttentions(() -> yB.execute(0, Cdb.read10(13, 1), null, PrCommands.BLOCK)));
                assertEquals("TEST UNIT READY through standby b", "2/04/0b",
                        afterUnitAttentions(() -> yB.execute(0, Cdb.testUnitReady(), null, 0)));
                assertEquals("WRITE through the owner a", "", afterUnitAttentions(() -> PrCommands.write(xA, 13, 2)));
                assertEquals(2, PrCommands.read(xA, 13));
            } finally {
                a.nonOwnerState("active/non-optimized");
                b.nonOwnerState("active/non-optimized");
            }
            assertEquals(Map.of(1, 0x80, 2, 0x01), awaitStates(yB, Map.of(1, 0x80, 2, 0x01)));
            assertEquals(Map.of(1, 0x80, 2, 0x01), awaitStates(xA, Map.of(1, 0x80, 2, 0x01)));
            assertEquals("WRITE through b again", "", afterUnitAttentions(() -> PrCommands.write(yB, 13, 3)));
        }
    }

    private interface Command {
        RawScsiInitiator.Result run() throws Exception;
    }

    /** Runs a command until it answers anything but a unit attention; its sense code ("" for GOOD). */
    private static String afterUnitAttentions(Command c) throws Exception {
        RawScsiInitiator.Result r = resultAfterUnitAttentions(c);
        return r.status == 0 ? "" : r.senseCode();
    }

    /** Runs a command until it answers anything but a unit attention (at most 6 times); its last answer. */
    private static RawScsiInitiator.Result resultAfterUnitAttentions(Command c) throws Exception {
        RawScsiInitiator.Result r = c.run();
        for (int n = 0; n < 5 && r.senseCode().startsWith("6/"); n++) {
            r = c.run();
        }
        return r;
    }

    /** REPORT TARGET PORT GROUPS until it reports {@code wanted} (a configuration change applies within seconds). */
    private static Map<Integer, Integer> awaitStates(RawScsiInitiator i, Map<Integer, Integer> wanted) throws Exception {
        Map<Integer, Integer> states = Map.of();
        for (int n = 0; n < 150 && !states.equals(wanted); n++) {
            RawScsiInitiator.Result r = i.execute(0, RTPG, null, 1024);
            if (r.status == 0) {
                states = groupStates(r.data);
                Thread.sleep(100);
            }
        }
        return states;
    }

    private static byte[] rtpg(RawScsiInitiator i) throws Exception {
        RawScsiInitiator.Result r = i.execute(0, RTPG, null, 1024);
        if (r.status != 0) {
            throw new AssertionError("REPORT TARGET PORT GROUPS: " + r);
        }
        return r.data;
    }

    /** REPORT TARGET PORT GROUPS until it lists {@code groups} groups (the cluster's view settles). */
    private static byte[] awaitGroups(RawScsiInitiator i, int groups) throws Exception {
        byte[] data = new byte[0];
        for (int n = 0; n < 100; n++) {
            data = rtpg(i);
            if (groupStates(data).size() == groups) {
                return data;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("REPORT TARGET PORT GROUPS never listed " + groups + " groups: " + groupStates(data));
    }

    /** Relative target port id to its group's PREF bit and asymmetric access state (byte 0 of the descriptor). */
    static Map<Integer, Integer> groupStates(byte[] data) {
        Map<Integer, Integer> out = new TreeMap<>();
        int at = 4;
        while (at + 8 <= data.length) {
            int state = data[at] & 0x8F;
            int count = data[at + 7] & 0xFF;
            for (int p = 0; p < count; p++) {
                int off = at + 8 + 4 * p;
                out.put(((data[off + 2] & 0xFF) << 8) | (data[off + 3] & 0xFF), state);
            }
            at += 8 + 4 * count;
        }
        return out;
    }

    /** x registers (key A1) through node a, y (B2) through node b, x takes Write Exclusive. */
    private static void registerBothAndReserveThroughA(RawScsiInitiator xA, RawScsiInitiator yB) throws Exception {
        assertEquals(0, PrCommands.out(xA, PrCommands.REGISTER_AND_IGNORE, 0, 0, 0xA1).status);
        assertEquals(0, PrCommands.out(yB, PrCommands.REGISTER_AND_IGNORE, 0, 0, 0xB2).status);
        assertEquals(0, PrCommands.out(xA, Cdb.RESERVE, Cdb.WRITE_EXCLUSIVE, 0xA1, 0).status);
    }

    @Test
    public void c_persistentReservationsAreTheSameThroughBothNodes() throws Exception {
        try (RawScsiInitiator xA = session(a, X); RawScsiInitiator yB = session(b, Y)) {
            registerBothAndReserveThroughA(xA, yB);
            for (int sa : new int[] {0, 1, 3}) {
                assertArrayEquals("PERSISTENT RESERVE IN service action " + sa, PrCommands.in(xA, sa),
                        PrCommands.in(yB, sa));
            }
            assertEquals("Write Exclusive held through node a refuses y's write through node b", 0x18,
                    PrCommands.write(yB, 7, 7).status);
            assertEquals(0, PrCommands.write(xA, 7, 7).status);
            assertEquals(0, PrCommands.out(xA, PrCommands.CLEAR, 0, 0xA1, 0).status);
            assertEquals("CLEAR through node a owes y on node b RESERVATIONS PREEMPTED", "6/2a/03",
                    PrCommands.write(yB, 7, 8).senseCode());
            assertEquals(0, PrCommands.write(yB, 7, 8).status);
        }
    }

    @Test
    public void d_preemptAndAbortThroughBStopsTheWritesThroughA() throws Exception {
        try (RawScsiInitiator xA = session(a, X); RawScsiInitiator yB = session(b, Y)) {
            registerBothAndReserveThroughA(xA, yB);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong good = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    for (long seq = 1; !stop.get(); seq++) {
                        (PrCommands.write(xA, 9, seq).status == 0 ? good : refused).incrementAndGet();
                    }
                } catch (Exception e) {
                    refused.incrementAndGet(); // the session may be ended by the abort; no write lands then
                }
            });
            writer.start();
            Thread.sleep(500);
            assertEquals(0, PrCommands.out(yB, PrCommands.PREEMPT_AND_ABORT, Cdb.WRITE_EXCLUSIVE, 0xB2, 0xA1).status);
            long goodAtPreempt = good.get();
            assertEquals(0, PrCommands.write(yB, 9, -1L).status);
            Thread.sleep(1500);
            stop.set(true);
            writer.join(30_000);
            assertTrue("x wrote through a before the preemption: " + goodAtPreempt, goodAtPreempt > 0);
            assertTrue("x's writes after the preemption were refused", refused.get() > 0);
            assertEquals("no write of the preempted initiator landed after PREEMPT AND ABORT", -1L,
                    PrCommands.read(yB, 9));
            assertEquals(0, PrCommands.out(yB, PrCommands.CLEAR, 0, 0xB2, 0).status);
        }
    }

    @Test
    public void e_lossOfQuorumFencesWritesOnEveryNode() throws Exception {
        try (RawScsiInitiator xA = session(a, X); RawScsiInitiator yB = session(b, Y)) {
            assertEquals(0, PrCommands.write(xA, 11, 1).status);
            for (InstanceSpec server : ensemble.getInstances()) {
                ensemble.killServer(server);
            }
            long lost = System.nanoTime();
            String codeA = awaitRefused(xA);
            String codeB = awaitRefused(yB);
            long fencedAfterMs = (System.nanoTime() - lost) / 1_000_000;
            System.out.println("quorum lost: writes fenced after " + fencedAfterMs + " ms: a " + codeA + ", b " + codeB);
            assertEquals("NOT READY, asymmetric access state transition", "2/04/0a", codeA);
            assertEquals("2/04/0a", codeB);
            assertTrue("fenced within the session timeout: " + fencedAfterMs, fencedAfterMs < 6000);
            for (InstanceSpec server : ensemble.getInstances()) {
                ensemble.restartServer(server);
            }
        }
        awaitWritable(a);
        awaitWritable(b);
    }

    private static String awaitRefused(RawScsiInitiator i) throws Exception {
        for (int n = 0; n < 400; n++) {
            RawScsiInitiator.Result r = PrCommands.write(i, 11, n);
            if (r.status != 0) {
                return r.senseCode();
            }
            Thread.sleep(25);
        }
        throw new AssertionError("writes still complete 10 s after the ensemble lost quorum");
    }

    /**
     * SIGSTOP of node b (not the owner) past its ZooKeeper session timeout, then SIGCONT. While b is stopped, y's
     * WRITE of a stale marker reaches b's socket and waits there; b's session expires, a reports b's group offline
     * and a writes the block. When b runs again it must not complete the stale WRITE (fencing: it was paused for
     * longer than a third of the session timeout, so it refuses media access until ZooKeeper answers it again),
     * and then it rejoins: a new session, its group back, writes through it work.
     */
    @Test
    public void ea_pauseOfNodeBPastItsSessionFencesItAndItRejoins() throws Exception {
        try (RawScsiInitiator xA = session(a, X)) {
            assertEquals(0, PrCommands.write(xA, 14, 1).status);
            assertEquals(Map.of(1, 0x80, 2, 0x01), awaitStates(xA, Map.of(1, 0x80, 2, 0x01)));
            RawScsiInitiator yB = session(b, Y);
            b.signal("STOP");
            long stopped = System.nanoTime();
            CompletableFuture<String> stale = CompletableFuture.supplyAsync(() -> {
                try (yB) {
                    RawScsiInitiator.Result r = PrCommands.write(yB, 14, 0xBAD);
                    return r.status == 0 ? "GOOD" : r.senseCode();
                } catch (Exception e) {
                    return "no answer (" + e.getClass().getSimpleName() + ")"; // the initiator gave up
                }
            });
            try {
                // b's session (6 s) expires: a reports b's group offline, then writes the block itself.
                Map<Integer, Integer> states = awaitStates(xA, Map.of(1, 0x80, 2, 0x0E));
                long expiredMs = (System.nanoTime() - stopped) / 1_000_000;
                System.out.println("SIGSTOP of node b: a reported b's group " + states + " after " + expiredMs + " ms");
                assertEquals("b's group offline once its session expired", Map.of(1, 0x80, 2, 0x0E), states);
                assertEquals(0, PrCommands.write(xA, 14, 2).status);
            } finally {
                b.signal("CONT");
            }
            long resumed = System.nanoTime();
            String staleOutcome = stale.get(30, TimeUnit.SECONDS);
            awaitWritable(b);
            long rejoinedMs = (System.nanoTime() - resumed) / 1_000_000;
            System.out.println("SIGCONT of node b: the stale WRITE queued at b got " + staleOutcome
                    + "; b accepted writes again after " + rejoinedMs + " ms");
            assertTrue("the stale WRITE completed GOOD after the pause", !staleOutcome.equals("GOOD"));
            assertEquals("the stale WRITE through b did not land over a's newer write", 2, PrCommands.read(xA, 14));
            assertEquals("b's group is back", Map.of(1, 0x80, 2, 0x01), awaitStates(xA, Map.of(1, 0x80, 2, 0x01)));
            try (RawScsiInitiator yB2 = session(b, Y)) {
                assertEquals("", afterUnitAttentions(() -> PrCommands.write(yB2, 14, 3)));
                assertEquals(3, PrCommands.read(xA, 14));
            }
        }
    }

    /**
     * kill -9 of node a, the owner, while fio writes with verify through node b (blocks 32-48 MiB, 300 writes a
     * second, then reads everything back): no data error, b takes the ownership over (a's group offline), and a
     * PR change through b waits for a's session to expire; PREEMPT AND ABORT of a's initiator then passes. x only
     * registers through a (no reservation, which would refuse fio's writes); fio's libiscsi engine does not
     * retry, so the one unit attention the ownership move owes fio's nexus is an I/O error there, and the only
     * kind allowed.
     */
    @Test
    public void f_killOfNodeATheOtherTakesOverItsRegistration() throws Exception {
        Fio.Running fio = Fio.job("cluster-kill", b.url(), Path.of("target/cluster-it/fio").toAbsolutePath())
                .rw("randwrite").bs("4k").iodepth(4).option("offset", "32M").size("16M").option("rate_iops", ",300")
                // fio's libiscsi engine fails a command with CHECK CONDITION as EPERM, which fio stops on unless
                // told otherwise; verify errors stay fatal.
                .verify("crc32c").option("continue_on_error", "io").option("ignore_error", "EIO,EPERM:EIO,EPERM")
                .start();
        try (RawScsiInitiator yB = session(b, Y); fio) {
            Thread.sleep(1500); // fio writes through b
            try (RawScsiInitiator xA = session(a, X)) {
                assertEquals(0, PrCommands.out(xA, PrCommands.REGISTER_AND_IGNORE, 0, 0, 0xA1).status);
                assertTrue("fio writes through b before the kill", fio.alive());
                a.kill();
            } catch (java.io.IOException closedByKill) {
                // the session died with node a
            }
            // Node a's ZooKeeper session (6 s) outlives it: every change of the state waits for a's expiry plus
            // the margin (1 s). Started 4 s after the kill so that the wait stays within the test initiator's
            // fixed 5 s read timeout.
            Thread.sleep(4000);
            long start = System.nanoTime();
            assertEquals(0, PrCommands.out(yB, PrCommands.REGISTER_AND_IGNORE, 0, 0, 0xB2).status);
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            System.out.println("REGISTER through b after kill -9 of node a completed after " + waitedMs + " ms");
            assertTrue("it waited for node a's session to expire: " + waitedMs + " ms", waitedMs >= 1500);
            // a's session is gone: b took the ownership over, and told y so (ASYMMETRIC ACCESS STATE CHANGED); a's
            // group is still reported, offline.
            String unitAttention = "";
            Map<Integer, Integer> states = Map.of();
            for (int n = 0; n < 100 && !states.equals(Map.of(1, 0x0E, 2, 0x80)); n++) {
                RawScsiInitiator.Result r = yB.execute(0, RTPG, null, 1024);
                if (r.status == 0) {
                    states = groupStates(r.data);
                } else if (r.senseCode().startsWith("6/")) {
                    unitAttention += r.senseCode() + " ";
                }
                Thread.sleep(r.status == 0 ? 100 : 0);
            }
            System.out.println("after kill -9 of node a: groups through b " + states + ", unit attentions " + unitAttention);
            assertEquals("a's group offline (SPC-4: its ports answer nothing), b's active/optimized",
                    Map.of(1, 0x0E, 2, 0x80), states);
            assertTrue("ASYMMETRIC ACCESS STATE CHANGED on y's nexus: " + unitAttention,
                    unitAttention.contains("6/2a/06"));
            assertEquals(0, PrCommands.out(yB, PrCommands.PREEMPT_AND_ABORT, Cdb.WRITE_EXCLUSIVE, 0xB2, 0xA1).status);
            assertEquals(0, PrCommands.write(yB, 12, 12).status);
            assertEquals(12, PrCommands.read(yB, 12));
            Fio.Result r = fio.await(java.time.Duration.ofSeconds(120));
            System.out.println("fio through b across kill -9 of a: " + r.write().ios() + " writes, " + r.read().ios()
                    + " verified reads, exit " + r.exitStatus() + ", longest write " + r.write().latMaxNs() / 1_000_000
                    + " ms, I/O errors " + r.scsiFailures());
            // A verify mismatch is fatal (exit status); fio's "error" keeps the first non-fatal errno too.
            assertEquals("fio ended without a fatal error, so no verify mismatch: " + r, 0, r.exitStatus());
            assertTrue("fio's only I/O errors are unit attentions: " + r.scsiFailures(),
                    r.scsiFailures().stream().allMatch(l -> l.contains("UNIT_ATTENTION")));
            assertEquals("every error fio counted is one it printed: " + r, r.scsiFailures().size(), r.totalErr());
            assertTrue("fio wrote through the kill: " + r, r.write().ios() > 1000);
            // Writes through b go on while a PR change waits for dead a: none waited as long as the REGISTER did.
            assertTrue("fio's longest write " + r.write().latMaxNs() / 1_000_000 + " ms, the REGISTER's wait "
                    + waitedMs + " ms", r.write().latMaxNs() / 1_000_000 < waitedMs - 500);
            assertEquals("fio read back and verified every block whose write succeeded: " + r,
                    r.write().ios() - r.totalErr(), r.read().ios());
        }
    }

    /**
     * A node cut off from ZooKeeper but not from its initiators: node a (killed by f_) starts again and rejoins,
     * b owns the device now; x writes through a, y through b, then every relay between b and the ensemble
     * black-holes (connections open and silent). b must refuse writes (02/04/0A) on its own deadline, before its
     * session expires; a then reports b's group offline and itself the owner, and writes the block y was writing.
     * No write b acknowledged after its fence (none at all, the initiator saw every later one refused) lands over
     * a's. After the partition heals b gets a new session, its group is back, a stays the owner (no ping-pong) and
     * b writes again.
     */
    @Test
    public void g_nodeCutOffFromZooKeeperButNotFromItsInitiatorsIsFencedAndRejoins() throws Exception {
        try (RawScsiInitiator yB = session(b, Y)) {
            // f_ left y's Write Exclusive reservation through b: clear it so that others write through a.
            assertEquals("", afterUnitAttentions(() -> PrCommands.out(yB, PrCommands.CLEAR, 0, 0xB2, 0)));
        }
        long restart = System.nanoTime();
        a.start();
        awaitWritable(a);
        System.out.println("node a started again after kill -9 and wrote after "
                + (System.nanoTime() - restart) / 1_000_000 + " ms");
        try (RawScsiInitiator xA = session(a, X); RawScsiInitiator yB = session(b, Y)) {
            assertEquals("b owns the device since a was killed", Map.of(1, 0x01, 2, 0x80),
                    awaitStates(xA, Map.of(1, 0x01, 2, 0x80)));
            assertEquals("", afterUnitAttentions(() -> PrCommands.write(xA, 16, 0)));
            // The writers own their sessions (an initiator session carries one command at a time).
            Writer viaB = new Writer(yB, 16);
            Writer viaA = new Writer(session(a, "iqn.2026-12.test:w"), 17);
            Thread.sleep(1000);
            relays.forEach(PartitionRelay::blackHole);
            long cut = System.nanoTime();
            Map<Integer, Integer> states;
            long takeover;
            try {
                states = awaitStates(xA, Map.of(1, 0x80, 2, 0x0E));
                takeover = System.nanoTime();
                assertEquals("a owns the device, b's group offline", Map.of(1, 0x80, 2, 0x0E), states);
                assertEquals(0, PrCommands.write(xA, 16, 0xA0A0).status);
                Thread.sleep(1500); // y keeps writing through fenced b after a's write
            } finally {
                viaB.stop();
                viaA.stop();
                viaA.session.close();
            }
            long fencedMs = viaB.firstRefused == 0 ? -1 : (viaB.firstRefused - cut) / 1_000_000;
            long takeoverMs = (takeover - cut) / 1_000_000;
            System.out.println("partition of node b from ZooKeeper: b refused writes (" + viaB.refusal + ") after "
                    + fencedMs + " ms, a owned the device with b's group offline after " + takeoverMs + " ms; b: "
                    + viaB.good + " writes GOOD before the fence, " + viaB.goodAfterFence + " after, " + viaB.refused
                    + " refused; a: " + viaA.good + " GOOD, " + viaA.refused + " refused");
            assertTrue("writes through b before the partition: " + viaB.good, viaB.good > 0);
            assertEquals("NOT READY, ASYMMETRIC ACCESS STATE TRANSITION through cut-off b", "2/04/0a", viaB.refusal);
            assertTrue("b fenced itself before its session (6 s) expired: " + fencedMs + " ms",
                    fencedMs >= 0 && fencedMs < 6000);
            assertTrue("b fenced itself (" + fencedMs + " ms) before a took over (" + takeoverMs + " ms)",
                    fencedMs < takeoverMs);
            assertEquals("writes b acknowledged after its fence", 0, viaB.goodAfterFence);
            assertEquals("a, connected, never refused a write", 0, viaA.refused);
            assertEquals("no write through b landed over a's newer one", 0xA0A0, PrCommands.read(xA, 16));
        } finally {
            relays.forEach(PartitionRelay::heal);
        }
        long healed = System.nanoTime();
        awaitWritable(b);
        long rejoinedMs = (System.nanoTime() - healed) / 1_000_000;
        try (RawScsiInitiator xA = session(a, X); RawScsiInitiator yB = session(b, Y)) {
            assertEquals("b's group back, a stays the owner", Map.of(1, 0x80, 2, 0x01),
                    awaitStates(yB, Map.of(1, 0x80, 2, 0x01)));
            assertEquals("", afterUnitAttentions(() -> PrCommands.write(yB, 16, 0xB0B0)));
            assertEquals(0xB0B0, PrCommands.read(xA, 16));
        }
        System.out.println("partition healed: b accepted writes again after " + rejoinedMs + " ms");
    }

    /**
     * A restart of the whole cluster (both nodes stopped, all three ZooKeeper servers stopped and started again on
     * their data, the nodes started again): registrations and the reservation made with APTPL=1 are back, the same
     * bytes through both nodes as before, and the reservation holds; after x registers again without APTPL and the
     * cluster restarts once more, no registration and no reservation is left (SPC-4 5.14.5), generation 0.
     */
    @Test
    public void h_restartOfTheWholeClusterKeepsRegistrationsOnlyWithAptpl() throws Exception {
        byte[][] before = new byte[3][];
        try (RawScsiInitiator xA = session(a, X); RawScsiInitiator yB = session(b, Y)) {
            assertEquals("", afterUnitAttentions(() -> PrCommands.out(xA, PrCommands.REGISTER_AND_IGNORE, 0, 0, 0xA1, true)));
            assertEquals("", afterUnitAttentions(() -> PrCommands.out(yB, PrCommands.REGISTER_AND_IGNORE, 0, 0, 0xB2, true)));
            assertEquals(0, PrCommands.out(xA, Cdb.RESERVE, Cdb.WRITE_EXCLUSIVE, 0xA1, 0).status);
            for (int n = 0; n < 3; n++) {
                before[n] = PrCommands.in(xA, PR_IN[n]);
                assertArrayEquals(before[n], PrCommands.in(yB, PR_IN[n]));
            }
        }
        long restartMs = restartWholeCluster();
        try (RawScsiInitiator xA = session(a, X); RawScsiInitiator yB = session(b, Y)) {
            for (int n = 0; n < 3; n++) {
                assertArrayEquals("PR IN " + PR_IN[n] + " through a after the restart", before[n],
                        awaitIn(xA, PR_IN[n], before[n]));
                assertArrayEquals("PR IN " + PR_IN[n] + " through b after the restart", before[n],
                        awaitIn(yB, PR_IN[n], before[n]));
            }
            assertEquals("x's Write Exclusive holds again through b", 0x18,
                    resultAfterUnitAttentions(() -> PrCommands.write(yB, 18, 1)).status);
            assertEquals("", afterUnitAttentions(() -> PrCommands.write(xA, 18, 1)));
            assertEquals("REGISTER again without APTPL", "", afterUnitAttentions(
                    () -> PrCommands.out(xA, PrCommands.REGISTER_AND_IGNORE, 0, 0, 0xA1, false)));
        }
        System.out.println("restart of the whole cluster with APTPL: registrations and reservation back, identical "
                + "through both nodes (" + restartMs + " ms from stop to both nodes answering)");
        restartWholeCluster();
        try (RawScsiInitiator xA = session(a, X); RawScsiInitiator yB = session(b, Y)) {
            for (RawScsiInitiator i : new RawScsiInitiator[] {xA, yB}) {
                resultAfterUnitAttentions(() -> i.execute(0, Cdb.testUnitReady(), null, 0));
                java.nio.ByteBuffer keys = java.nio.ByteBuffer.wrap(PrCommands.in(i, 0));
                assertEquals("PRgeneration after a restart without APTPL", 0, keys.getInt(0));
                assertEquals("no registration left", 0, keys.getInt(4));
                assertEquals("no reservation left", 0, java.nio.ByteBuffer.wrap(PrCommands.in(i, 1)).getInt(4));
            }
            assertEquals("", afterUnitAttentions(() -> PrCommands.write(yB, 18, 2)));
        }
    }

    /**
     * Linux's dm-multipath over both nodes (guest/cluster-multipath.sh in a Debian guest under QEMU): one map of
     * two paths, one per node, the owner's path group with ALUA priority 50 and the other's 10; while the guest
     * writes random data through the map, the owner node is killed (kill -9, on the guest's request) and the
     * writes go on through the other node; everything written reads back intact. The cluster's last test: it
     * leaves one node dead.
     */
    @Test
    public void i_guestMultipathOverBothNodesSurvivesKillOfTheOwner() throws Exception {
        LinuxGuest guest = LinuxGuest.build();
        Map<Integer, Integer> states;
        try (RawScsiInitiator xA = session(a, X)) {
            states = groupStates(awaitGroups(xA, 2));
        }
        ClusterNode owner = states.getOrDefault(1, 0) == 0x80 ? a : b;
        ClusterNode other = owner == a ? b : a;
        Path work = Path.of("target/cluster-it/guest").toAbsolutePath();
        Files.createDirectories(work);
        long[] killedAt = {0};
        GuestReport report = guest.run("cluster-multipath", Map.of("PORTAL_A", "10.0.2.2:" + a.iscsiPort(),
                "PORTAL_B", "10.0.2.2:" + b.iscsiPort(), "TARGET", ClusterNode.TARGET, "LUN", "0",
                "OWNER", owner == a ? "A" : "B"), work, List.of(), request -> {
                    if (!request.equals("kill-owner")) {
                        return "ERROR unknown request " + request;
                    }
                    try {
                        owner.kill();
                        killedAt[0] = System.nanoTime();
                        return "OK killed node " + owner.id;
                    } catch (Exception e) {
                        return "ERROR " + e;
                    }
                }, 420);
        System.out.println("guest dm-multipath over nodes a and b, kill -9 of owner " + owner.id + ": "
                + report.summary() + "; " + Files.readAllLines(work.resolve("console.log")).stream()
                        .filter(l -> l.startsWith("CLUSTER ")).collect(Collectors.joining("; ")));
        report.assertNoFailure(7);
        report.assertNoSkip();
        assertTrue("the owner was killed", killedAt[0] != 0);
        try (RawScsiInitiator i = session(other, Y)) {
            assertEquals("the other node owns the device now", 0x80,
                    (int) awaitStates(i, Map.of(owner == a ? 1 : 2, 0x0E, owner == a ? 2 : 1, 0x80))
                            .getOrDefault(other == a ? 1 : 2, 0));
        }
    }

    /** PERSISTENT RESERVE IN service actions compared: READ KEYS, READ RESERVATION, READ FULL STATUS. */
    private static final int[] PR_IN = {0, 1, 3};

    /** Stops b and a, every ZooKeeper server, starts the servers and then a and b again; returns the time taken. */
    private static long restartWholeCluster() throws Exception {
        long start = System.nanoTime();
        b.distribution.stop();
        a.distribution.stop();
        for (InstanceSpec server : ensemble.getInstances()) {
            ensemble.killServer(server);
        }
        for (InstanceSpec server : ensemble.getInstances()) {
            ensemble.restartServer(server);
        }
        a.start();
        b.start();
        awaitReadable(a);
        awaitReadable(b);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** PERSISTENT RESERVE IN until it answers {@code expected} (a node takes the state over as it joins). */
    private static byte[] awaitIn(RawScsiInitiator i, int serviceAction, byte[] expected) throws Exception {
        byte[] data = new byte[0];
        for (int n = 0; n < 50 && !Arrays.equals(data, expected); n++) {
            RawScsiInitiator.Result r = i.execute(0, Cdb.persistentReserveIn(serviceAction, 4096), null, 4096);
            if (r.status == 0) {
                data = r.data;
            } else if (!r.senseCode().startsWith("6/")) {
                throw new AssertionError("PERSISTENT RESERVE IN " + serviceAction + ": " + r);
            }
            Thread.sleep(r.status == 0 && !Arrays.equals(data, expected) ? 100 : 0);
        }
        return data;
    }

    /** Writes one block through one session in a loop (sequence numbers), noting what came back and when. */
    private static final class Writer {
        final RawScsiInitiator session;
        final Thread thread;
        volatile boolean stop;
        long good;
        long goodAfterFence;
        long refused;
        volatile long firstRefused;
        volatile String refusal = "";

        Writer(RawScsiInitiator session, int lba) {
            this.session = session;
            thread = new Thread(() -> {
                try {
                    for (long seq = 1; !stop; seq++) {
                        RawScsiInitiator.Result r = PrCommands.write(session, lba, seq);
                        if (r.status == 0) {
                            if (firstRefused == 0) {
                                good++;
                            } else {
                                goodAfterFence++;
                            }
                        } else if (!r.senseCode().startsWith("6/")) {
                            refused++;
                            if (firstRefused == 0) {
                                refusal = r.senseCode();
                                firstRefused = System.nanoTime();
                            }
                            Thread.sleep(5);
                        }
                    }
                } catch (Exception e) {
                    refusal += " " + e;
                    if (firstRefused == 0) {
                        firstRefused = System.nanoTime();
                    }
                }
            }, "cluster-it-writer-" + lba);
            thread.start();
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.join(30_000);
        }
    }
}
