package io.quiver.core.impl.pr;

import static io.quiver.scsi.ScsiStatus.CHECK_CONDITION;
import static io.quiver.scsi.ScsiStatus.GOOD;
import static io.quiver.scsi.ScsiStatus.RESERVATION_CONFLICT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.SenseKey;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes serve one cluster_mode device (each its own {@link ReservationService}, target port and
 * nexuses) over one shared store: both see one PR state; reservations conflict across nodes; unit
 * attentions and PREEMPT AND ABORT reach the other node's nexuses before the command completes; a fenced
 * node refuses media access.
 */
class ClusterReservationTest {

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    private final SharedMemoryEnsemble ensemble = new SharedMemoryEnsemble();
    private final SharedMemoryEnsemble.Node storeA = ensemble.node("a");
    private final SharedMemoryEnsemble.Node storeB = ensemble.node("b");
    // Relative target ports are unique across the cluster: node A's port is 1, node B's 2.
    private final FakeNexus x1 = new FakeNexus("iqn.2026-01.test:x", "23d000000001", "tgt", 1);
    private final FakeNexus y1 = new FakeNexus("iqn.2026-01.test:y", "23d000000001", "tgt", 1);
    private final FakeNexus x2 = new FakeNexus("iqn.2026-01.test:x", "23d000000002", "tgt", 2);
    private final FakeNexus y2 = new FakeNexus("iqn.2026-01.test:y", "23d000000002", "tgt", 2);
    private FakeContext contextA;
    private FakeContext contextB;
    private ReservationService serviceA;
    private ReservationService serviceB;
    private PrDriver nodeA;
    private PrDriver nodeB;
    /** Node A's reservation thread: runs at once, or queues here while a test holds it. */
    private volatile List<Runnable> heldOnA;

    @BeforeEach
    void setUp() throws Exception {
        startBothNodes();
    }

    /** Node A, then node B, start serving disk0: a reservation service each over the shared store. */
    private void startBothNodes() {
        contextA = new FakeContext("disk0", dirA, x1, y1);
        contextA.clusterMode(storeA);
        contextB = new FakeContext("disk0", dirB, x2, y2);
        contextB.clusterMode(storeB);
        serviceA = new ReservationService(contextA, r -> {
            List<Runnable> held = heldOnA;
            if (held != null) {
                held.add(r);
            } else {
                r.run();
            }
        });
        nodeA = new PrDriver(serviceA);
        serviceB = new ReservationService(contextB, Runnable::run);
        nodeB = new PrDriver(serviceB);
    }

    @AfterEach
    void tearDown() {
        storeA.close();
        storeB.close();
    }

    @Test
    void bothNodesReportOneState() {
        nodeA.register(x1, 0xA1);
        nodeB.register(y2, 0xB2);
        byte[] viaA = nodeA.in(y1, 0);
        byte[] viaB = nodeB.in(x2, 0);
        assertArrayEquals(viaA, viaB, "READ KEYS through either node");
        assertEquals(2, Unpooled.wrappedBuffer(viaA).getInt(0), "PRgeneration");
        assertEquals(16, Unpooled.wrappedBuffer(viaA).getInt(4));
    }

    @Test
    void aReservationOnOneNodeConflictsOnTheOther() {
        nodeA.register(x1, 0xA1);
        nodeA.reserve(x1, 0xA1, PrType.WRITE_EXCLUSIVE);
        assertEquals(RESERVATION_CONFLICT, nodeB.write(y2), "another initiator through node B");
        assertEquals(RESERVATION_CONFLICT, nodeB.write(x2), "the holder's initiator through another port");
        assertEquals(GOOD, nodeB.read(y2), "Write Exclusive lets others read");
        assertEquals(GOOD, nodeA.write(x1), "the holder through its own port");
    }

    @Test
    void preemptAndAbortReachesTheOtherNodeBeforeItCompletes() {
        nodeA.register(x1, 0xA1);
        nodeA.reserve(x1, 0xA1, PrType.WRITE_EXCLUSIVE);
        nodeB.register(y2, 0xB2);
        try (FakeTask t = nodeB.out(y2, PrOutParameters.PREEMPT_AND_ABORT, PrType.WRITE_EXCLUSIVE.code(), 0xB2,
                0xA1, 0, new byte[0])) {
            assertEquals(GOOD, t.status());
        }
        // GOOD means node A has applied it already: x's tasks aborted there, x told, x refused.
        assertEquals(List.of(x1), contextA.aborted());
        assertTrue(contextA.unitAttentionsOf(x1).contains(AdditionalSense.REGISTRATIONS_PREEMPTED),
                contextA.unitAttentions().toString());
        assertEquals(RESERVATION_CONFLICT, nodeA.write(x1));
        assertEquals(GOOD, nodeB.write(y2), "the new holder");
        assertTrue(contextB.aborted().isEmpty(), "the preempting nexus keeps its tasks");
    }

    @Test
    void spc2ReserveOnOneNodeConflictsOnTheOther() {
        assertEquals(GOOD, nodeA.status(FakeTask.of(x1, DataDirection.NONE, 0x16, 0, 0, 0, 0, 0)));
        assertEquals(RESERVATION_CONFLICT, nodeB.write(y2));
        assertEquals(GOOD, nodeA.write(x1));
        assertEquals(GOOD, nodeA.status(FakeTask.of(x1, DataDirection.NONE, 0x17, 0, 0, 0, 0, 0)));
        assertEquals(GOOD, nodeB.write(y2), "released on every node");
    }

    /**
     * The SPC-2 holder's nexus is lost on node A (a Logout closing its session): the loss completes only once
     * the release is in the shared state, so a Logout Response held until then cannot reach the initiator
     * while node B still refuses its other nexus (libiscsi's Reserve6.Logout across nodes failed that way).
     */
    @Test
    void nexusLossOfTheSpc2HolderCompletesOnceEveryNodeSeesTheRelease() throws Exception {
        assertEquals(GOOD, nodeA.status(FakeTask.of(x1, DataDirection.NONE, 0x16, 0, 0, 0, 0, 0)));
        heldOnA = new java.util.ArrayList<>();
        java.util.concurrent.CompletableFuture<Void> lost = serviceA.nexusLost(x1);
        assertFalse(lost.isDone(), "the shared change has not run yet");
        assertEquals(RESERVATION_CONFLICT, nodeB.write(y2), "still reserved everywhere");
        List<Runnable> held = heldOnA;
        heldOnA = null;
        held.forEach(Runnable::run);
        lost.get(5, TimeUnit.SECONDS);
        assertEquals(GOOD, nodeB.write(y2), "released on node B once the loss completed");
        assertTrue(serviceA.nexusLost(y1).isDone(), "a nexus that holds nothing changes nothing");
    }

    /** CLEAR TASK SET through node A (one task set for every nexus): node B has aborted its tasks before it completes. */
    @Test
    void clearTaskSetThroughOneNodeClearsTheOthers() throws Exception {
        nodeA.register(x1, 0xA1); // some shared state exists already, as it would
        serviceA.clearTaskSet().get(5, TimeUnit.SECONDS);
        assertEquals(1, contextB.clearedByPeer, "node B cleared its tasks");
        assertEquals(List.of(x2, y2), contextB.aborted(), "every nexus' tasks on node B");
        assertEquals(0, contextA.clearedByPeer, "node A's own tasks are the core's to abort");
        byte[] keys = nodeB.in(y2, 0);
        assertEquals(8, Unpooled.wrappedBuffer(keys).getInt(4), "the reservation state itself is unchanged: x's key");
        assertEquals(1, Unpooled.wrappedBuffer(keys).getInt(0), "PRgeneration: one REGISTER");
    }

    @Test
    void aFencedNodeRefusesMediaAccess() {
        storeA.fenced = true;
        try (FakeTask t = FakeTask.of(x1, DataDirection.OUT, 0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0)) {
            nodeA.run(t);
            assertEquals(CHECK_CONDITION, t.status());
            assertEquals(SenseKey.NOT_READY, t.sense().key());
            assertEquals(AdditionalSense.LOGICAL_UNIT_NOT_READY_ASYMMETRIC_ACCESS_STATE_TRANSITION,
                    t.sense().additionalSense());
        }
        assertEquals(GOOD, nodeB.write(y2), "the other node still serves");
    }

    @Test
    void aLogicalUnitResetThroughOneNodeResetsTheOtherBeforeItCompletes() throws Exception {
        assertEquals(GOOD, nodeA.status(FakeTask.of(x1, DataDirection.NONE, 0x16, 0, 0, 0, 0, 0)));
        serviceA.logicalUnitReset(AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(x2, y2), contextB.aborted(), "node B aborted every task of the unit");
        for (FakeNexus n : List.of(x2, y2)) {
            assertEquals(List.of(AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED), contextB.unitAttentionsOf(n));
        }
        assertTrue(contextA.aborted().isEmpty(), "the resetting node aborts its own tasks itself");
        assertEquals(GOOD, nodeB.write(y2), "the reset released the SPC-2 reservation on every node");
    }

    /**
     * Every node stops serving the device and then one serves it again, as after a restart of the whole cluster
     * (SPC-4 5.14.5: a power loss): with APTPL the registrations and the reservation are back through both nodes,
     * byte for byte; without, they are gone (and PRgeneration is 0 again).
     */
    @Test
    void aRestartOfTheWholeClusterKeepsRegistrationsOnlyWithAptpl() throws Exception {
        try (FakeTask t = nodeA.out(x1, 0, 0, 0, 0xA1, PrDriver.APTPL, new byte[0])) {
            assertEquals(GOOD, t.status());
        }
        nodeB.register(y2, 0xB2);
        try (FakeTask t = nodeB.out(y2, 0, 0, 0xB2, 0xB2, PrDriver.APTPL, new byte[0])) {
            assertEquals(GOOD, t.status(), "REGISTER again with APTPL: the last one sets it");
        }
        nodeA.reserve(x1, 0xA1, PrType.WRITE_EXCLUSIVE);
        byte[] keys = nodeA.in(x1, 0);
        byte[] reservation = nodeA.in(x1, 1);
        restartWholeCluster();
        assertArrayEquals(keys, awaitIn(nodeA, x1, 0, keys), "READ KEYS through node a after the restart");
        assertArrayEquals(keys, awaitIn(nodeB, y2, 0, keys), "READ KEYS through node b after the restart");
        assertArrayEquals(reservation, awaitIn(nodeB, y2, 1, reservation), "READ RESERVATION through node b");
        assertEquals(RESERVATION_CONFLICT, nodeB.write(y2), "x's Write Exclusive holds again");

        try (FakeTask t = nodeA.out(x1, 0, 0, 0xA1, 0xA1, 0, new byte[0])) {
            assertEquals(GOOD, t.status(), "REGISTER again without APTPL");
        }
        restartWholeCluster();
        for (PrDriver node : new PrDriver[] {nodeA, nodeB}) {
            byte[] none = node.in(x1, 0);
            assertEquals(0, Unpooled.wrappedBuffer(none).getInt(0), "PRgeneration back to 0");
            assertEquals(0, Unpooled.wrappedBuffer(none).getInt(4), "no registration left");
            assertEquals(0, Unpooled.wrappedBuffer(node.in(x1, 1)).getInt(4), "no reservation left");
        }
        assertEquals(GOOD, nodeB.write(y2));
        nodeB.register(y2, 0xB2);
        byte[] one = nodeA.in(x1, 0);
        assertEquals(1, Unpooled.wrappedBuffer(one).getInt(0), "the first change after the power on: generation 1");
        assertEquals(8, Unpooled.wrappedBuffer(one).getInt(4), "one key");
    }

    /**
     * A node that starts serving the device (a restart) knows the reservation before its first command, not only
     * once its watch delivered the state: here the watch's delivery is held back, and y's WRITE through the new
     * node B is still refused (it was GOOD, from an empty copy, before the node read the state on joining).
     */
    @Test
    void aNodeThatStartsServingTheDeviceKnowsTheReservationBeforeItsWatchDelivers() throws Exception {
        nodeA.register(x1, 0xA1);
        nodeA.reserve(x1, 0xA1, PrType.WRITE_EXCLUSIVE);
        serviceB.close();
        java.util.concurrent.CountDownLatch held = storeB.holdDeliveries();
        try {
            contextB = new FakeContext("disk0", dirB, x2, y2);
            contextB.clusterMode(storeB);
            serviceB = new ReservationService(contextB, Runnable::run);
            nodeB = new PrDriver(serviceB);
            assertEquals(RESERVATION_CONFLICT, nodeB.write(y2), "x's Write Exclusive through the new node B");
            assertEquals(GOOD, nodeB.read(y2));
        } finally {
            held.countDown();
        }
    }

    /** Both nodes stop serving disk0 (their services close) and start again, a first, each with fresh nexuses. */
    private void restartWholeCluster() {
        serviceA.close();
        serviceB.close();
        startBothNodes();
    }

    /** PERSISTENT RESERVE IN until it answers {@code expected} (the store delivers the state on its own thread). */
    private static byte[] awaitIn(PrDriver node, FakeNexus nexus, int sa, byte[] expected) throws Exception {
        byte[] data = node.in(nexus, sa);
        for (int n = 0; n < 100 && !java.util.Arrays.equals(data, expected); n++) {
            Thread.sleep(20);
            data = node.in(nexus, sa);
        }
        return data;
    }
}
