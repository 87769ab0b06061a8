package io.quiver.core.impl.target;

import static io.quiver.core.impl.target.Harness.assertCheck;
import static io.quiver.core.impl.target.Harness.assertGood;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.scsi.TaskAttribute;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task attributes, queue depths and the queue algorithm modifier, through the loopback transport. */
class TaskSetTest {

    @TempDir
    Path dir;

    private static LocalRequest hold(TaskAttribute a) {
        return LocalRequest.of(0, MemoryDevice.HOLD, 0, 0, 0, 0, 0).attribute(a);
    }

    private static MemoryDevice device(int threads, int queueDepth) {
        return new MemoryDevice(DeviceDescriptor.builder("d0", "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                .threads(threads).queueDepth(queueDepth).build(), 16);
    }

    /** Whether the device receives nothing more within a short time. */
    private static void assertNothingReaches(MemoryDevice d) throws InterruptedException {
        assertNull(d.held.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void orderedWaitsForOlderTasksAndHoldsBackYoungerOnes() throws Exception {
        try (Harness h = new Harness(dir)) {
            MemoryDevice d = h.device("d0");
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            s.submit(hold(TaskAttribute.SIMPLE));
            DeviceTask first = d.nextHeld();
            CompletableFuture<LocalResponse> ordered = s.submit(hold(TaskAttribute.ORDERED));
            CompletableFuture<LocalResponse> younger = s.submit(hold(TaskAttribute.SIMPLE));
            assertNothingReaches(d);
            CompletableFuture<LocalResponse> head = s.submit(hold(TaskAttribute.HEAD_OF_QUEUE));
            d.nextHeld().complete();
            assertGood(head.get(5, TimeUnit.SECONDS));
            first.complete();
            DeviceTask orderedTask = d.nextHeld();
            assertNothingReaches(d);
            assertFalse(younger.isDone());
            orderedTask.complete();
            assertGood(ordered.get(5, TimeUnit.SECONDS));
            d.nextHeld().complete();
            assertGood(younger.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void deviceQueueDepthGivesTaskSetFull() throws Exception {
        try (Harness h = new Harness(dir)) {
            MemoryDevice d = h.device(device(0, 2));
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            s.submit(hold(TaskAttribute.SIMPLE));
            s.submit(hold(TaskAttribute.SIMPLE));
            LocalResponse full = s.execute(hold(TaskAttribute.SIMPLE));
            assertEquals(ScsiStatus.TASK_SET_FULL, full.status());
            d.nextHeld().complete();
            d.nextHeld().complete();
        }
    }

    @Test
    void sessionQueueDepthGivesTaskSetFull() throws Exception {
        try (Harness h = new Harness(dir, 1)) {
            MemoryDevice d = h.device("d0");
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            assertEquals(1, s.session().queueDepth());
            s.submit(hold(TaskAttribute.SIMPLE));
            assertEquals(ScsiStatus.TASK_SET_FULL, s.execute(hold(TaskAttribute.SIMPLE)).status());
            d.nextHeld().complete();
        }
    }

    @Test
    void restrictedReorderingOrdersWritesOnAMultiThreadedDevice() throws Exception {
        try (Harness h = new Harness(dir)) {
            MemoryDevice d = h.device(device(2, 32));
            LocalSession s = writeBehindHeldTask(h, d, true);

            d.context.controlModeChanged(false, false, 1);
            s.submit(hold(TaskAttribute.SIMPLE));
            DeviceTask second = d.nextHeld();
            assertGood(s.execute(LocalRequest.of(0, 0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0).dataOut(new byte[512])));
            second.complete();
            assertEquals(List.of(MemoryDevice.HOLD, 0x2A, MemoryDevice.HOLD, 0x2A), d.executed.subList(d.executed.size() - 4, d.executed.size()));
        }
    }

    /**
     * A device executed on the submitting thread that hands some commands to threads of its own (fileio
     * serving cached READs inline, issue 27) may reorder: under QAM 0 its writes wait like on a
     * multi-threaded device; one that does not say so is executed in dispatch order and its write goes at once.
     */
    @Test
    void restrictedReorderingOrdersWritesOnADeviceThatReordersOnItsOwn() throws Exception {
        for (boolean reorders : new boolean[] {true, false}) {
            try (Harness h = new Harness(dir)) {
                MemoryDevice d = h.device(new MemoryDevice(DeviceDescriptor.builder("d0", "test",
                        PeripheralDeviceType.DIRECT_ACCESS_BLOCK).threads(0).reordersOnItsOwn(reorders).build(), 16));
                writeBehindHeldTask(h, d, reorders);
            }
        }
    }

    /**
     * LUN 0 on {@code d}, a held SIMPLE task, then a WRITE: it waits for the held task when {@code waits}
     * (QAM 0 on a device that may reorder), else it completes at once; the held task is completed either way.
     */
    private static LocalSession writeBehindHeldTask(Harness h, MemoryDevice d, boolean waits) throws Exception {
        h.lun(0, "d0");
        LocalSession s = h.login("iqn.a");
        s.submit(hold(TaskAttribute.SIMPLE));
        DeviceTask first = d.nextHeld();
        CompletableFuture<LocalResponse> write = s.submit(
                LocalRequest.of(0, 0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0).dataOut(new byte[512]));
        if (waits) {
            Thread.sleep(200);
            assertFalse(write.isDone(), "QAM 0: the write waits");
            first.complete();
            assertGood(write.get(5, TimeUnit.SECONDS));
        } else {
            assertGood(write.get(5, TimeUnit.SECONDS));
            first.complete();
        }
        return s;
    }

    /** A two-thread test disk (so it may reorder) that parks every READ (10) until the test releases it. */
    static final class HeldReads extends MemoryDevice {
        HeldReads() {
            super(DeviceDescriptor.builder("d0", "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK).threads(2)
                    .queueDepth(32).build(), 16);
        }

        @Override
        public void execute(DeviceTask task) {
            if (task.opcode() == 0x28) {
                held.add(task);
            } else {
                super.execute(task);
            }
        }
    }

    private static LocalRequest read10(int lba, int blocks) {
        return LocalRequest.of(0, 0x28, 0, 0, 0, 0, lba, 0, 0, blocks, 0).dataIn(blocks * 512);
    }

    private static LocalRequest write10(int lba, int blocks) {
        return LocalRequest.of(0, 0x2A, 0, 0, 0, 0, lba, 0, 0, blocks, 0).dataOut(new byte[blocks * 512]);
    }

    /**
     * Restricted reordering holds a SIMPLE task back only behind older tasks on the same blocks where one of
     * them writes: a write to other blocks passes a running read (it used to wait like an ORDERED task), a
     * write to the read's blocks waits, and so do a read and an ORDERED task behind that waiting write, while
     * a read of other blocks passes it; with QAM 1 nothing waits.
     */
    @Test
    void restrictedReorderingHoldsBackOnlyTasksOnTheSameBlocks() throws Exception {
        try (Harness h = new Harness(dir)) {
            HeldReads d = (HeldReads) h.device(new HeldReads());
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            s.submit(read10(0, 2));
            DeviceTask read = d.nextHeld();
            assertGood(s.submit(write10(8, 2)).get(5, TimeUnit.SECONDS));
            CompletableFuture<LocalResponse> overlapping = s.submit(write10(1, 2));
            CompletableFuture<LocalResponse> readBehind = s.submit(read10(2, 1));
            s.submit(read10(12, 1));
            DeviceTask passing = d.nextHeld();
            CompletableFuture<LocalResponse> ordered = s.submit(hold(TaskAttribute.ORDERED));
            assertEquals(12, passing.cdb().getInt(passing.cdb().readerIndex() + 2), "a read of other blocks passes");
            assertNothingReaches(d);
            assertFalse(overlapping.isDone() || readBehind.isDone() || ordered.isDone());
            passing.complete(passing.alloc().buffer(512).writeZero(512));
            read.complete(read.alloc().buffer(1024).writeZero(1024));
            assertGood(overlapping.get(5, TimeUnit.SECONDS));
            DeviceTask behind = d.nextHeld();
            assertEquals(2, behind.cdb().getInt(behind.cdb().readerIndex() + 2));
            assertNothingReaches(d);
            assertFalse(ordered.isDone(), "ORDERED waits for the older read still running");
            behind.complete(behind.alloc().buffer(512).writeZero(512));
            assertGood(readBehind.get(5, TimeUnit.SECONDS));
            d.nextHeld().complete();
            assertGood(ordered.get(5, TimeUnit.SECONDS));

            d.context.controlModeChanged(false, false, 1);
            s.submit(read10(0, 2));
            DeviceTask unrestricted = d.nextHeld();
            assertGood(s.submit(write10(0, 2)).get(5, TimeUnit.SECONDS));
            unrestricted.complete(unrestricted.alloc().buffer(1024).writeZero(1024));
        }
    }

    /** A test disk that parks PERSISTENT RESERVE OUT (as a cluster's reservation service waiting for a node). */
    static final class SlowReservations extends MemoryDevice {
        SlowReservations() {
            super(DeviceDescriptor.builder("d0", "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                    .naaId(new byte[] {0x50, 1, 2, 3, 4, 5, 6, 7}).unitSerialNumber("SN-d0").threads(2).queueDepth(32)
                    .build(), 16);
        }

        @Override
        public void execute(DeviceTask task) {
            if (task.opcode() == 0x5F) {
                held.add(task);
            } else {
                super.execute(task);
            }
        }
    }

    /**
     * Regression: PERSISTENT RESERVE OUT carries a parameter list but no medium data, so QAM 0 neither makes it
     * a barrier nor has a write wait for it while it runs; in cluster mode it may wait seconds for a dead node,
     * and every write of the unit through the node waited with it.
     */
    @Test
    void persistentReserveOutStaysOutOfRestrictedReordering() throws Exception {
        try (Harness h = new Harness(dir)) {
            MemoryDevice d = h.device(new SlowReservations());
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            s.submit(LocalRequest.of(0, 0x5F, 0x06, 0, 0, 0, 0, 0, 0, 24, 0).dataOut(new byte[24]));
            DeviceTask register = d.nextHeld();
            assertGood(s.submit(LocalRequest.of(0, 0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0).dataOut(new byte[512]))
                    .get(5, TimeUnit.SECONDS));
            s.submit(hold(TaskAttribute.SIMPLE));
            DeviceTask held = d.nextHeld();
            s.submit(LocalRequest.of(0, 0x5F, 0x06, 0, 0, 0, 0, 0, 0, 24, 0).dataOut(new byte[24]));
            DeviceTask second = d.nextHeld(); // started although an older task runs: no barrier
            second.complete();
            held.complete();
            register.complete();
        }
    }

    /** SBC-4 5.30: SANITIZE is processed as HEAD OF QUEUE even when it carries a parameter list under QAM 0. */
    @Test
    void sanitizeNeitherWaitsForOlderTasksNorActsAsABarrier() throws Exception {
        try (Harness h = new Harness(dir)) {
            MemoryDevice d = h.device(device(2, 32));
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            s.submit(hold(TaskAttribute.SIMPLE));
            DeviceTask first = d.nextHeld();
            LocalResponse sanitize = s.submit(LocalRequest.of(0, 0x48, 0x01, 0, 0, 0, 0, 0, 0, 8, 0)
                    .dataOut(new byte[8])).get(5, TimeUnit.SECONDS);
            assertEquals(ScsiStatus.CHECK_CONDITION, sanitize.status()); // this device has no SANITIZE
            assertEquals(0x48, d.executed.get(d.executed.size() - 1));
            first.complete();
        }
    }

    /**
     * Regression (ConformanceIT's Sanitize.Reset, found before it landed): with restricted reordering by
     * blocks, commands after a running SANITIZE waited for it as an older writer of every block, and got GOOD
     * after it instead of NOT READY, SANITIZE IN PROGRESS while it ran. They must reach the device at once.
     */
    @Test
    void commandsAfterARunningSanitizeReachTheDevice() throws Exception {
        try (Harness h = new Harness(dir)) {
            MemoryDevice d = h.device(new MemoryDevice(DeviceDescriptor.builder("d0", "test",
                    PeripheralDeviceType.DIRECT_ACCESS_BLOCK).threads(2).queueDepth(32).build(), 16) {
                @Override
                public void execute(DeviceTask task) {
                    if (task.opcode() == 0x48) {
                        held.add(task);
                    } else {
                        super.execute(task);
                    }
                }
            });
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            CompletableFuture<LocalResponse> sanitize = s.submit(LocalRequest.of(0, 0x48, 0x01, 0, 0, 0, 0, 0, 0, 8, 0)
                    .dataOut(new byte[8]));
            DeviceTask running = d.nextHeld();
            assertGood(s.submit(LocalRequest.of(0, 0, 0, 0, 0, 0, 0)).get(5, TimeUnit.SECONDS));
            assertGood(s.submit(write10(0, 1)).get(5, TimeUnit.SECONDS));
            assertFalse(sanitize.isDone());
            running.complete();
            assertGood(sanitize.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void acaTaskWithoutAcaConditionIsRejected() {
        try (Harness h = new Harness(dir)) {
            h.device("d0");
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            assertCheck(s.execute(LocalRequest.of(0, 0, 0, 0, 0, 0, 0).attribute(TaskAttribute.ACA)),
                    SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_MESSAGE_ERROR);
        }
    }

    @Test
    void duplicateTagIsAnOverlappedCommand() throws Exception {
        try (Harness h = new Harness(dir)) {
            MemoryDevice d = h.device("d0");
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            s.submit(hold(TaskAttribute.SIMPLE).tag(77));
            d.nextHeld();
            assertCheck(s.execute(LocalRequest.of(0, 0, 0, 0, 0, 0, 0).tag(77)), SenseKey.ABORTED_COMMAND,
                    AdditionalSense.OVERLAPPED_COMMANDS_ATTEMPTED);
            d.held.clear();
        }
    }
}
