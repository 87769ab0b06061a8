package io.quiver.core.impl.target;

import static io.quiver.core.impl.target.Harness.assertGood;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * COMPARE AND WRITE of a cluster_mode unit under the cluster-wide lock, on two target cores (two nodes) over
 * one {@link LockingEnsemble}: the lock is given back off the thread that completed the task (a transport's
 * event loop must never block in the coordination service), a node's second CAW waiting in the acquire does
 * not keep the first one's release from running, and the nodes' CAWs alternate.
 */
class ClusterAtomicCommandsTest {

    @TempDir
    Path dir;

    final LockingEnsemble ensemble = new LockingEnsemble();
    final EventExecutor eventLoop = new DefaultEventExecutor(); // a Netty event loop thread (FastThreadLocalThread)
    Harness nodeA;
    Harness nodeB;
    CawDevice diskA;
    CawDevice diskB;
    LocalSession viaA;
    LocalSession viaB;

    /** A cluster_mode test disk that parks every COMPARE AND WRITE until the test completes it. */
    static final class CawDevice extends MemoryDevice {
        CawDevice() {
            super(DeviceDescriptor.builder("shared", "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                    .naaId(new byte[] {0x50, 1, 2, 3, 4, 5, 6, 7}).unitSerialNumber("SN-shared").clusterMode(true)
                    .build(), 16);
        }

        @Override
        public void execute(DeviceTask task) {
            if (task.opcode() == ScsiOpcode.COMPARE_AND_WRITE) {
                held.add(task);
            } else {
                super.execute(task);
            }
        }
    }

    @BeforeEach
    void setUp() throws InterruptedException {
        nodeA = node("a");
        diskA = (CawDevice) nodeA.device(new CawDevice());
        nodeA.lun(0, "shared");
        viaA = nodeA.login("iqn.x");
        nodeB = node("b");
        diskB = (CawDevice) nodeB.device(new CawDevice());
        nodeB.lun(0, "shared");
        viaB = nodeB.login("iqn.y");
    }

    private Harness node(String id) throws InterruptedException {
        Harness h = new Harness(dir.resolve(id));
        h.core.clusterStore(ensemble.node(id));
        // Wait for the cluster's relative target port id, so that its unit attention precedes the logins.
        for (int i = 0; i < 200 && h.target.target().relativeTargetPortId() < 7; i++) {
            Thread.sleep(10);
        }
        return h;
    }

    @AfterEach
    void tearDown() throws Exception {
        nodeA.close();
        nodeB.close();
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** COMPARE AND WRITE (16 bytes), one block at {@code lba}: compare data and write data. */
    private static CompletableFuture<LocalResponse> caw(LocalSession s, int lba) {
        return s.submit(LocalRequest.of(0, ScsiOpcode.COMPARE_AND_WRITE, 0, 0, 0, 0, 0, 0, 0, 0, lba, 0, 0, 0, 1, 0, 0)
                .dataOut(new byte[2 * MemoryDevice.BLOCK]));
    }

    /** Completes a parked task as a transport's event loop would: on the loop, waiting until it ran. */
    private void completeOnEventLoop(DeviceTask task) throws Exception {
        eventLoop.submit((Runnable) task::complete).sync();
    }

    @Test
    void theLockIsReleasedOffTheEventLoopThatCompletedTheTask() throws Exception {
        CompletableFuture<LocalResponse> response = caw(viaA, 1);
        DeviceTask task = diskA.nextHeld();
        assertEquals("a", ensemble.holders.poll(5, TimeUnit.SECONDS));
        completeOnEventLoop(task);
        assertGood(response.get(5, TimeUnit.SECONDS));
        Thread releaser = ensemble.releasers.poll(5, TimeUnit.SECONDS);
        assertNotNull(releaser, "the lock was never released");
        assertFalse(eventLoop.inEventLoop(releaser), "released on the event loop that completed the task");
        assertTrue(releaser.getName().endsWith("-cluster-unlock"), releaser.getName());
    }

    @Test
    void aPendingAcquireOnTheSameNodeDoesNotHoldUpTheRelease() throws Exception {
        CompletableFuture<LocalResponse> first = caw(viaA, 1);
        DeviceTask firstTask = diskA.nextHeld();
        CompletableFuture<LocalResponse> second = caw(viaA, 2); // its lock thread now waits in the acquire
        assertNull(diskA.held.poll(300, TimeUnit.MILLISECONDS), "the second CAW ran without the lock");
        completeOnEventLoop(firstTask);
        assertGood(first.get(5, TimeUnit.SECONDS));
        DeviceTask secondTask = diskA.held.poll(5, TimeUnit.SECONDS);
        assertNotNull(secondTask, "the first CAW's release never reached the lock");
        completeOnEventLoop(secondTask);
        assertGood(second.get(5, TimeUnit.SECONDS));
    }

    @Test
    void theNodesCompareAndWritesAlternate() throws Exception {
        CompletableFuture<LocalResponse> a1 = caw(viaA, 3);
        DeviceTask a1Task = diskA.nextHeld();
        CompletableFuture<LocalResponse> b1 = caw(viaB, 3);
        assertNull(diskB.held.poll(300, TimeUnit.MILLISECONDS), "node b's CAW ran while node a held the lock");
        completeOnEventLoop(a1Task);
        DeviceTask b1Task = diskB.nextHeld();
        CompletableFuture<LocalResponse> a2 = caw(viaA, 3);
        assertNull(diskA.held.poll(300, TimeUnit.MILLISECONDS), "node a's CAW ran while node b held the lock");
        completeOnEventLoop(b1Task);
        DeviceTask a2Task = diskA.nextHeld();
        completeOnEventLoop(a2Task);
        for (CompletableFuture<LocalResponse> r : java.util.List.of(a1, b1, a2)) {
            assertGood(r.get(5, TimeUnit.SECONDS));
        }
        assertEquals("a", ensemble.holders.poll(1, TimeUnit.SECONDS));
        assertEquals("b", ensemble.holders.poll(1, TimeUnit.SECONDS));
        assertEquals("a", ensemble.holders.poll(1, TimeUnit.SECONDS));
        for (int i = 0; i < 3; i++) {
            Thread releaser = ensemble.releasers.poll(5, TimeUnit.SECONDS);
            assertNotNull(releaser);
            assertFalse(eventLoop.inEventLoop(releaser), "released on the event loop");
        }
    }
}
