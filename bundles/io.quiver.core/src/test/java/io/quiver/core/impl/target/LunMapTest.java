package io.quiver.core.impl.target;

import static io.quiver.core.impl.target.Harness.assertCheck;
import static io.quiver.core.impl.target.Harness.assertGood;
import static io.quiver.core.impl.target.Harness.tur;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceTask;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LUN maps, initiator groups and run-time LUN and device changes, through the loopback transport. */
class LunMapTest {

    @TempDir
    Path dir;

    @Test
    void newNexusReportsPowerOnOnceThenRuns() {
        try (Harness h = new Harness(dir)) {
            h.device("d0");
            h.lun(0, "d0");
            LocalSession s = h.target.login("iqn.a");
            assertCheck(tur(s, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
            assertGood(tur(s, 0));
            s.close();
        }
    }

    @Test
    void unmappedLunAnswersLogicalUnitNotSupportedButInquiryReportLunsAndRequestSenseWork() {
        try (Harness h = new Harness(dir)) {
            h.device("d0");
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            assertCheck(tur(s, 5), SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED);
            LocalResponse inq = s.execute(LocalRequest.of(5, 0x12, 0, 0, 0, 36, 0).dataIn(36));
            assertGood(inq);
            assertEquals(0x7F, inq.dataByte(0));
            LocalResponse luns = s.execute(LocalRequest.of(5, 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0).dataIn(64));
            assertGood(luns);
            assertEquals(8, luns.data()[3]);
            LocalResponse sense = s.execute(LocalRequest.of(5, 0x03, 0, 0, 0, 18, 0).dataIn(18));
            assertGood(sense);
            assertEquals(SenseKey.ILLEGAL_REQUEST.code(), sense.dataByte(2) & 0x0F);
            assertEquals(0x25, sense.dataByte(12));
        }
    }

    @Test
    void groupsMatchWithWildcardsAndExclusionsFirstByName() {
        try (Harness h = new Harness(dir)) {
            h.device("d0");
            h.device("d1");
            h.device("d2");
            h.lun(0, "d0");
            h.lun(0, "d1", false, "b-linux");
            h.lun(3, "d2", false, "a-hosts");
            h.group("b-linux", "iqn.1994-05.com.redhat:*");
            h.group("a-hosts", "iqn.*:host?", "!*:host9");
            assertEquals(Set.of(0), h.core.lunMap(Harness.TARGET, "iqn.1994-05.com.redhat:web").keySet());
            assertEquals("d1", h.core.lunMap(Harness.TARGET, "iqn.1994-05.com.redhat:web").get(0).unit().deviceName());
            assertEquals(Set.of(3), h.core.lunMap(Harness.TARGET, "iqn.1994-05.com.redhat:host1").keySet());
            assertEquals("b-linux", h.core.matchingGroup(Harness.TARGET, "iqn.1994-05.com.redhat:host9"));
            assertEquals("", h.core.matchingGroup(Harness.TARGET, "iqn.2000-01.org.other:host9"));
            assertEquals("d0", h.core.lunMap(Harness.TARGET, "iqn.2000-01.org.other:host9").get(0).unit().deviceName());
        }
    }

    @Test
    void initiatorInNoGroupOfAGroupedTargetWithoutDefaultLunsIsNotAdmitted() {
        try (Harness h = new Harness(dir)) {
            h.device("d0");
            assertTrue(h.core.admits(Harness.TARGET, "iqn.x"), "no groups: everyone");
            h.lun(1, "d0", false, "hosts");
            h.group("hosts", "iqn.*:host?");
            assertTrue(h.core.admits(Harness.TARGET, "iqn.x:host1"));
            assertTrue(!h.core.admits(Harness.TARGET, "iqn.x:other"), "grouped target, no default LUNs");
            assertTrue(h.core.admits("iqn.other-target", "iqn.x:other"), "other targets have no groups");
            h.lun(0, "d0");
            assertTrue(h.core.admits(Harness.TARGET, "iqn.x:other"), "default LUNs are for everyone");
        }
    }

    @Test
    void lunWaitsForItsDeviceAndAddingItRaisesReportedLunsDataHasChanged() {
        try (Harness h = new Harness(dir)) {
            h.device("d0");
            h.lun(0, "d0");
            h.lun(1, "late");
            LocalSession s = h.login("iqn.a");
            assertCheck(tur(s, 1), SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED);
            h.device("late");
            assertCheck(tur(s, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.REPORTED_LUNS_DATA_HAS_CHANGED);
            assertGood(tur(s, 0));
            assertCheck(tur(s, 1), SenseKey.UNIT_ATTENTION, AdditionalSense.REPORTED_LUNS_DATA_HAS_CHANGED);
            assertGood(tur(s, 1));
            assertTrue(!s.asynchronousEvents().isEmpty());
        }
    }

    @Test
    void lunsOfATargetRegisteredLaterComeAliveWithIt() {
        try (Harness h = new Harness(dir)) {
            h.device("d0");
            h.core.putLun(new io.quiver.core.impl.map.LunDefinition("late", "t9", 4, "d0", false, ""));
            LocalSession s = h.driver.createTarget("t9").login("iqn.a");
            assertCheck(tur(s, 4), SenseKey.UNIT_ATTENTION, AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
            assertGood(tur(s, 4));
            s.close();
        }
    }

    @Test
    void devicesWithThreadsRunOnTheirOwnExecutor() throws Exception {
        try (Harness h = new Harness(dir)) {
            java.util.List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
            MemoryDevice d = new MemoryDevice(io.quiver.spi.device.DeviceDescriptor.builder("d0", "test",
                    io.quiver.scsi.PeripheralDeviceType.DIRECT_ACCESS_BLOCK).threads(2).build(), 4) {
                @Override
                public void execute(DeviceTask task) {
                    threads.add(Thread.currentThread().getName());
                    super.execute(task);
                }
            };
            h.device(d);
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            assertGood(tur(s, 0));
            assertTrue(threads.stream().allMatch(n -> n.startsWith("quiver-d0-")), threads::toString);
        }
    }

    @Test
    void reportLunsClearsReportedLunsDataHasChanged() {
        try (Harness h = new Harness(dir)) {
            h.device("d0");
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            h.device("d1");
            h.lun(1, "d1");
            assertGood(s.execute(LocalRequest.of(0, 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0).dataIn(64)));
            assertGood(tur(s, 0));
        }
    }

    @Test
    void removingALunRaisesTheUnitAttentionOnTheOthers() {
        try (Harness h = new Harness(dir)) {
            h.device("d0");
            h.device("d1");
            h.lun(0, "d0");
            String one = h.lun(1, "d1");
            LocalSession s = h.login("iqn.a");
            h.core.removeLun(one);
            assertCheck(tur(s, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.REPORTED_LUNS_DATA_HAS_CHANGED);
            assertCheck(tur(s, 1), SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED);
        }
    }

    @Test
    void deviceRemovalEndsItsTasksAndItsLunsWithoutHanging() throws Exception {
        try (Harness h = new Harness(dir)) {
            MemoryDevice d = h.device("d0");
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            CompletableFuture<LocalResponse> held = s.submit(LocalRequest.of(0, MemoryDevice.HOLD, 0, 0, 0, 0, 0));
            DeviceTask parked = d.nextHeld();
            h.core.removeDevice(d);
            assertEquals(ScsiStatus.BUSY, held.get().status(), "in flight: retryable (DepartingUnits)");
            parked.complete(); // late completion from a gone device is ignored
            assertCheck(tur(s, 0), SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED);
        }
    }

    @Test
    void deviceRemovalNeverReleasesWaitingTasksToTheDevice() throws Exception {
        try (Harness h = new Harness(dir)) {
            MemoryDevice d = h.device("d0");
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            CompletableFuture<LocalResponse> held = s.submit(LocalRequest.of(0, MemoryDevice.HOLD, 0, 0, 0, 0, 0));
            d.nextHeld();
            CompletableFuture<LocalResponse> waiting = s.submit(LocalRequest.of(0, 0, 0, 0, 0, 0, 0)
                    .attribute(io.quiver.scsi.TaskAttribute.ORDERED));
            int executed = d.executed.size();
            h.core.removeDevice(d);
            assertEquals(ScsiStatus.BUSY, held.get().status());
            assertEquals(ScsiStatus.BUSY, waiting.get().status());
            assertEquals(executed, d.executed.size());
        }
    }

    @Test
    void readOnlyLunWriteProtectsForTheDevice() {
        try (Harness h = new Harness(dir)) {
            h.device("d0");
            h.lun(0, "d0", true, "");
            LocalSession s = h.login("iqn.a");
            LocalResponse w = s.execute(LocalRequest.of(0, 0x2A, 0, 0, 0, 0, 1, 0, 0, 1, 0).dataOut(new byte[512]));
            assertCheck(w, SenseKey.DATA_PROTECT, AdditionalSense.WRITE_PROTECTED);
        }
    }

    @Test
    void flatAddressedLunReachesItsDevice() {
        try (Harness h = new Harness(dir)) {
            h.device("d0");
            h.lun(300, "d0");
            LocalSession s = h.login("iqn.a");
            assertGood(tur(s, 300));
            assertCheck(s.execute(LocalRequest.of(0, 0, 0, 0, 0, 0, 0).rawLun(0x8000_0000_0000_0000L)),
                    SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED);
        }
    }

    private static final class Set {
        static java.util.Set<Integer> of(Integer... v) {
            return java.util.Set.of(v);
        }
    }
}
