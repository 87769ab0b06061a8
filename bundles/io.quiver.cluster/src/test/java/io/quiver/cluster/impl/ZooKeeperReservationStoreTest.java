package io.quiver.cluster.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.spi.cluster.SharedState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' stores on a real three-server ZooKeeper ensemble (Curator's TestingCluster runs real
 * QuorumPeers on 127.0.0.1): compare-and-set, delivery to the other node, acknowledgements, a dead node
 * and the loss of quorum.
 */
class ZooKeeperReservationStoreTest {

    private static final int SESSION_MS = 4000;

    private TestingCluster ensemble;
    private ZooKeeperReservationStore a;
    private ZooKeeperReservationStore b;
    // a's owner latch is closed with a in one test: then the try-with-resources closes a's watch afterwards.

    @BeforeEach
    void start() throws Exception {
        ensemble = ensembleOnPorts(31670);
        ensemble.start();
        a = node("a");
        b = node("b");
        waitUntil(() -> !a.fenced() && !b.fenced(), 20_000);
    }

    /** Three servers on fixed ports from {@code base} (client, election, quorum per server): the test's range. */
    static TestingCluster ensembleOnPorts(int base) {
        List<InstanceSpec> specs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            specs.add(new InstanceSpec(null, base + 3 * i, base + 3 * i + 1, base + 3 * i + 2, true, i + 1));
        }
        return new TestingCluster(specs);
    }

    private ZooKeeperReservationStore node(String id) {
        ZooKeeperReservationStore s = new ZooKeeperReservationStore();
        s.open(ensemble.getConnectString(), "test", id, SESSION_MS, 0, 500);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        closeQuietly(a);
        closeQuietly(b);
        ensemble.close();
    }

    @Test
    void compareAndSetRefusesAStaleVersion() throws Exception {
        SharedState none = a.read("disk0");
        assertTrue(none.absent());
        long v0 = a.compareAndSet("disk0", SharedState.ABSENT, bytes("one"));
        assertEquals(0, v0);
        assertEquals(SharedState.ABSENT, b.compareAndSet("disk0", SharedState.ABSENT, bytes("two")),
                "a second create must lose");
        long v1 = b.compareAndSet("disk0", v0, bytes("two"));
        assertEquals(1, v1);
        assertEquals(SharedState.ABSENT, a.compareAndSet("disk0", v0, bytes("three")), "stale version must lose");
        SharedState now = a.read("disk0");
        assertEquals(1, now.version());
        assertArrayEquals(bytes("two"), now.data());
    }

    @Test
    void aWriteReachesTheOtherNodeWhichAcknowledges() throws Exception {
        LinkedBlockingQueue<SharedState> seenByB = new LinkedBlockingQueue<>();
        try (AutoCloseable watchA = a.watch("disk0", s -> { });
                AutoCloseable watchB = b.watch("disk0", s -> {
                    seenByB.add(s);
                    b.acknowledge("disk0", s.version());
                })) {
            waitUntil(() -> children(a, a.paths().members("disk0")) == 2, 10_000);
            long v = a.compareAndSet("disk0", SharedState.ABSENT, bytes("registered"));
            assertTrue(a.awaitAcknowledged("disk0", v, Duration.ofSeconds(10)));
            SharedState got = seenByB.poll(10, TimeUnit.SECONDS);
            assertArrayEquals(bytes("registered"), got.data());
            assertEquals(v, got.version());
        }
    }

    @Test
    void aNodeThatNeverAcknowledgesHoldsTheChangeUntilItsSessionEnds() throws Exception {
        try (AutoCloseable watchB = b.watch("disk0", s -> { })) {
            waitUntil(() -> children(a, a.paths().members("disk0")) == 1, 10_000);
            long v = a.compareAndSet("disk0", SharedState.ABSENT, bytes("preempted"));
            assertFalse(a.awaitAcknowledged("disk0", v, Duration.ofMillis(1500)), "b is alive and silent");
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return a.awaitAcknowledged("disk0", v, Duration.ofSeconds(20));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(waiting.isDone(), "still waiting for b");
            long gone = System.nanoTime();
            b.close(); // b's session ends: its ephemeral membership goes
            b = null;
            assertTrue(waiting.get(20, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - gone >= TimeUnit.MILLISECONDS.toNanos(500), "the margin was kept");
        }
    }

    @Test
    void theDeviceLockHasOneHolderAcrossNodesAndIsReleasedFromAnotherThread() throws Exception {
        AutoCloseable heldByA = a.lock("disk0", Duration.ofSeconds(5));
        assertTrue(heldByA != null);
        assertEquals(null, b.lock("disk0", Duration.ofMillis(300)), "b waits while a holds it");
        assertTrue(a.lock("disk1", Duration.ofSeconds(5)) != null, "another device's lock is another lock");
        CompletableFuture<AutoCloseable> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return b.lock("disk0", Duration.ofSeconds(20));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(waiting.isDone());
        // A command completes on another thread than the one that took the lock (not the common pool: its
        // only thread on a two-core machine is the one waiting above).
        Thread releaser = new Thread(() -> {
            try {
                heldByA.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        releaser.start();
        releaser.join(5000);
        AutoCloseable heldByB = waiting.get(10, TimeUnit.SECONDS);
        assertTrue(heldByB != null);
        heldByB.close();
    }

    @Test
    void everyNodeSeesTheSameGroupsAndOneOwnerWhoseDeathMovesOwnership() throws Exception {
        a.publishTargetPorts(java.util.Set.of(1));
        b.publishTargetPorts(java.util.Set.of(2, 3));
        try (AutoCloseable watchA = a.watch("disk0", s -> { })) {
            waitUntil(() -> a.portGroups("disk0").size() == 2, 10_000);
            try (AutoCloseable watchB = b.watch("disk0", s -> { })) {
                waitUntil(() -> b.portGroups("disk0").equals(a.portGroups("disk0")), 10_000);
                var groups = a.portGroups("disk0");
                var ofA = groups.stream().filter(g -> g.node().equals("a")).findFirst().orElseThrow();
                var ofB = groups.stream().filter(g -> g.node().equals("b")).findFirst().orElseThrow();
                assertTrue(ofA.id() != ofB.id(), "group ids unique: " + groups);
                assertEquals(java.util.Set.of(2, 3), ofB.relativeTargetPorts());
                assertTrue(ofA.owner() && !ofB.owner(), "a serves first: a owns " + groups);
                a.close();
                a = null;
                // a's group stays, not live (reported offline), with the ports it last published; b owns.
                waitUntil(() -> b.portGroups("disk0").stream().anyMatch(g -> g.node().equals("b") && g.owner()), 10_000);
                var after = b.portGroups("disk0");
                var goneA = after.stream().filter(g -> g.node().equals("a")).findFirst().orElseThrow();
                assertFalse(goneA.live() || goneA.owner(), "a is gone: " + after);
                assertEquals(ofA.id(), goneA.id());
                assertEquals(java.util.Set.of(1), goneA.relativeTargetPorts());
                assertEquals(2, after.size());
            }
        }
    }

    @Test
    void relativeTargetPortIdsAreUniqueAcrossNodesAndKept() throws Exception {
        assertEquals(1, a.relativeTargetPortId("iqn.t1", 0));
        assertEquals(2, b.relativeTargetPortId("iqn.t1", 0), "the same target name on another node");
        assertEquals(1, a.relativeTargetPortId("iqn.t1", 0), "asked again: the same id");
        assertEquals(5, a.relativeTargetPortId("iqn.t5", 5), "a configured id is claimed");
        assertEquals(3, b.relativeTargetPortId("iqn.t2", 0), "the lowest free one");
        IllegalStateException clash = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> b.relativeTargetPortId("iqn.t9", 5));
        assertTrue(clash.getMessage().contains("a/iqn.t5"), clash.getMessage());
        a.close();
        a = node("a");
        assertEquals(1, a.relativeTargetPortId("iqn.t1", 0), "kept across a restart of the node");
    }

    @Test
    void losingQuorumFencesEveryNode() throws Exception {
        assertFalse(a.fenced());
        for (var server : ensemble.getInstances()) {
            ensemble.killServer(server);
        }
        waitUntil(() -> a.fenced() && b.fenced(), 3 * SESSION_MS);
        ensemble.restartServer(ensemble.getInstances().iterator().next());
        for (var server : ensemble.getInstances()) {
            ensemble.restartServer(server);
        }
        waitUntil(() -> !a.fenced() && !b.fenced(), 30_000);
    }

    /**
     * The first node to serve a device after none did applies the power-on step (the core drops registrations
     * without APTPL there), once: two nodes joining at the same moment apply it once between them, a node joining
     * while another serves does not, and after both left the next joiner does again.
     */
    @Test
    void theFirstNodeToServeADeviceAfterNoneDidPowersItOnOnce() throws Exception {
        assertEquals(0, a.compareAndSet("disk0", SharedState.ABSENT, bytes("s")));
        java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.UnaryOperator<byte[]> powerOn = data -> {
            steps.incrementAndGet();
            return bytes(new String(data, StandardCharsets.US_ASCII) + "+");
        };
        CompletableFuture<AutoCloseable> viaA = CompletableFuture.supplyAsync(() -> a.watch("disk0", s -> { }, powerOn));
        CompletableFuture<AutoCloseable> viaB = CompletableFuture.supplyAsync(() -> b.watch("disk0", s -> { }, powerOn));
        AutoCloseable watchA = viaA.get(20, TimeUnit.SECONDS);
        AutoCloseable watchB = viaB.get(20, TimeUnit.SECONDS);
        assertEquals(1, steps.get(), "one power-on step for two nodes joining together");
        assertArrayEquals(bytes("s+"), a.read("disk0").data());
        assertEquals(2, children(a, a.paths().members("disk0")));
        watchB.close();
        AutoCloseable again = b.watch("disk0", s -> { }, powerOn);
        assertEquals(1, steps.get(), "no power-on step while node a serves the device");
        again.close();
        watchA.close();
        waitUntil(() -> children(a, a.paths().members("disk0")) == 0, 10_000);
        AutoCloseable afterAll = b.watch("disk0", s -> { }, data -> null);
        assertArrayEquals(bytes("s+"), a.read("disk0").data(), "a step that returns null keeps the state");
        afterAll.close();
        waitUntil(() -> children(a, a.paths().members("disk0")) == 0, 10_000);
        b.watch("disk0", s -> { }, powerOn).close();
        assertEquals(2, steps.get(), "the next power on");
        assertArrayEquals(bytes("s++"), a.read("disk0").data());
    }

    /**
     * The configured connect string is the one used, also after a reconnect: Curator's ensemble tracker used to
     * replace it with the addresses of the ensemble's own configuration (here 127.0.0.1 for the configured
     * localhost), which took a node configured to reach ZooKeeper through relays straight to the servers.
     */
    @Test
    void theConfiguredConnectStringStaysAfterReconnecting() throws Exception {
        String configured = ensemble.getConnectString().replace("127.0.0.1", "localhost");
        ZooKeeperReservationStore c = new ZooKeeperReservationStore();
        c.open(configured, "test", "c", SESSION_MS, 0, 500);
        try {
            waitUntil(() -> !c.fenced(), 20_000);
            c.read("disk0"); // a round trip: the tracker, if any, has read /zookeeper/config by its answer
            Thread.sleep(500);
            assertEquals(configured, c.client().getZookeeperClient().getCurrentConnectionString());
        } finally {
            c.close();
        }
    }

    private static int children(ZooKeeperReservationStore s, String path) {
        try {
            return s.client().getChildren().forPath(path).size();
        } catch (Exception e) {
            return -1;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void closeQuietly(ZooKeeperReservationStore s) {
        if (s != null) {
            s.close();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not reached in " + millis + " ms");
            }
            Thread.sleep(20);
        }
    }
}
