package io.quiver.core.impl.target;

import static io.quiver.core.impl.target.Harness.assertCheck;
import static io.quiver.core.impl.target.Harness.assertGood;
import static io.quiver.core.impl.target.Harness.tur;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * A device that leaves and comes back within the departure grace (a handler's bundle:update): its LUN
 * answers BUSY meanwhile, stays in REPORT LUNS, and resumes with POWER ON, RESET rather than REPORTED
 * LUNS DATA HAS CHANGED; one that stays away loses its LUN when the grace ends.
 */
class DepartureGraceTest {

    @TempDir
    Path dir;

    @Test
    void aDeviceBackWithinTheGraceResumesItsLunWithoutAnInventoryChange() throws Exception {
        try (Harness h = new Harness(dir)) {
            MemoryDevice d = twoLuns(h, 600_000);
            LocalSession s = h.login("iqn.a");
            CompletableFuture<LocalResponse> held = s.submit(LocalRequest.of(0, MemoryDevice.HOLD, 0, 0, 0, 0, 0));
            DeviceTask parked = d.nextHeld();

            h.core.removeDevice(d);
            assertEquals(ScsiStatus.BUSY, held.get().status(), "in flight when the device left");
            parked.complete();
            assertEquals(ScsiStatus.BUSY, tur(s, 0).status(), "arriving while the device is away");
            assertEquals(java.util.Set.of(0, 1), reportedLuns(s), "still in the inventory");
            assertGood(tur(s, 1));

            h.device(new MemoryDevice("d0", 16));
            assertCheck(tur(s, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
            assertGood(tur(s, 0));
            assertGood(tur(s, 1));
        }
    }

    @Test
    void aDeviceThatStaysAwayLosesItsLunAfterTheGrace() throws Exception {
        try (Harness h = new Harness(dir)) {
            MemoryDevice d = twoLuns(h, 1);
            LocalSession s = h.login("iqn.a");
            h.core.removeDevice(d);
            CoreSession nexus = (CoreSession) s.session();
            for (long end = System.nanoTime() + 30_000_000_000L; nexus.lunMap().containsKey(0) && System.nanoTime() < end;) {
                Thread.onSpinWait();
            }
            assertFalse(nexus.lunMap().containsKey(0), "the LUN vanished when the grace ended");
            // remap() publishes the new map, then raises the unit attentions, all under the core's monitor:
            // taking it waits for the raise (without this the TUR below could slip in between).
            synchronized (h.core) {
                assertFalse(nexus.lunMap().containsKey(0));
            }
            assertCheck(tur(s, 1), SenseKey.UNIT_ATTENTION, AdditionalSense.REPORTED_LUNS_DATA_HAS_CHANGED);
            assertEquals(java.util.Set.of(1), reportedLuns(s));
            assertCheck(tur(s, 0), SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED);
        }
    }

    @Test
    void withoutGraceTheLunVanishesAtOnce() {
        try (Harness h = new Harness(dir)) {
            MemoryDevice d = h.device("d0");
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            h.core.removeDevice(d);
            assertTrue(reportedLuns(s).isEmpty());
            assertCheck(tur(s, 0), SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED);
        }
    }

    /** Devices d0 and d1 as LUNs 0 and 1 with a departure grace; returns d0. */
    private static MemoryDevice twoLuns(Harness h, long graceMillis) {
        h.core.departureGrace(graceMillis);
        MemoryDevice d = h.device("d0");
        h.device("d1");
        h.lun(0, "d0");
        h.lun(1, "d1");
        return d;
    }

    /** The LUN numbers of REPORT LUNS (single-level peripheral addressing), asked at LUN 0. */
    private static java.util.Set<Integer> reportedLuns(LocalSession s) {
        LocalResponse r = s.execute(LocalRequest.of(0, 0xA0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0).dataIn(256));
        assertGood(r);
        int length = (r.dataByte(0) << 24) | (r.dataByte(1) << 16) | (r.dataByte(2) << 8) | r.dataByte(3);
        java.util.Set<Integer> luns = new java.util.TreeSet<>();
        for (int i = 8; i < 8 + length; i += 8) {
            luns.add(((r.dataByte(i) & 0x3F) << 8) | r.dataByte(i + 1));
        }
        return luns;
    }
}
