package io.quiver.handler.cdrom.impl;

import static io.quiver.handler.cdrom.impl.CdromDeviceTest.assertGood;
import static io.quiver.handler.cdrom.impl.CdromDeviceTest.assertSense;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import io.quiver.testing.FakeDeviceTask;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PREVENT ALLOW MEDIUM REMOVAL per I_T nexus (SPC-4, MMC-6): removal is prevented while any nexus
 * prevents it, a nexus' ALLOW lifts only its own prevention, its loss lifts it too, and a logical unit or
 * hard reset lifts everyone's.
 */
class PreventPerNexusTest {

    @TempDir
    Path dir;

    CdromDevice device;

    @BeforeEach
    void open() throws IOException {
        device = CdromDeviceTest.device(IsoImage.open(CdromDeviceTest.image(dir, "disc.iso", 4)));
    }

    @AfterEach
    void close() throws IOException {
        device.close();
    }

    /** PREVENT ALLOW MEDIUM REMOVAL from {@code nexus}; asserts GOOD. */
    private void prevent(long nexus, int prevent) {
        try (FakeDeviceTask t = new FakeDeviceTask(0x1E, 0, 0, 0, prevent, 0).nexus(nexus)) {
            device.execute(t);
            assertGood(t);
        }
    }

    private void assertEjectPrevented(long nexus) {
        try (FakeDeviceTask t = new FakeDeviceTask(0x1B, 0, 0, 0, 0x02, 0).nexus(nexus)) {
            device.execute(t);
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.MEDIUM_REMOVAL_PREVENTED);
        }
    }

    private void assertEjectsAndLoads(long nexus) {
        for (int startLoej : new int[] {0x02, 0x03}) {
            try (FakeDeviceTask t = new FakeDeviceTask(0x1B, 0, 0, 0, startLoej, 0).nexus(nexus)) {
                device.execute(t);
                assertGood(t);
            }
        }
    }

    @Test
    void removalIsPreventedWhileAnyNexusPreventsIt() {
        prevent(1, 1);
        prevent(2, 1);
        prevent(1, 0);
        assertEjectPrevented(1);
        assertEjectPrevented(3);
        prevent(2, 0);
        assertEjectsAndLoads(3);
    }

    @Test
    void nexusLossLiftsOnlyThatNexusPrevention() {
        prevent(1, 1);
        prevent(2, 1);
        device.nexusLost(1);
        assertEjectPrevented(1);
        device.nexusLost(2);
        assertEjectsAndLoads(1);
    }

    @Test
    void resetLiftsEveryNexusPrevention() {
        prevent(1, 1);
        prevent(2, 1);
        device.reset();
        assertEjectsAndLoads(2);
    }
}
