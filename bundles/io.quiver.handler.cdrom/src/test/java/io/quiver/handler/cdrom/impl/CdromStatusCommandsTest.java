package io.quiver.handler.cdrom.impl;

import static io.quiver.handler.cdrom.impl.CdromDeviceTest.assertGood;
import static io.quiver.handler.cdrom.impl.CdromDeviceTest.assertSense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import io.quiver.testing.FakeDeviceTask;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TOC, configuration, events, disc/track information, mechanism status and mode sense, byte by byte. */
class CdromStatusCommandsTest {

    @TempDir
    Path dir;

    CdromDevice device;

    @BeforeEach
    void open() throws IOException {
        device = CdromDeviceTest.device(IsoImage.open(CdromDeviceTest.image(dir, "disc.iso", 300)));
    }

    @AfterEach
    void close() throws IOException {
        device.close();
    }

    FakeDeviceTask run(int... cdb) {
        FakeDeviceTask t = new FakeDeviceTask(cdb);
        device.execute(t);
        assertEquals(1, t.completions());
        return t;
    }

    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    @Test
    void tocFormat0ListsTrackOneAndTheLeadOut() {
        try (FakeDeviceTask t = run(0x43, 0, 0, 0, 0, 0, 0, 0, 100, 0)) {
            assertGood(t);
            assertArrayEquals(b(0, 18, 1, 1,
                    0, 0x14, 1, 0, 0, 0, 0, 0,
                    0, 0x14, 0xAA, 0, 0, 0, 0x01, 0x2C), t.bytes());
        }
    }

    @Test
    void tocInMsfCountsThePregap() {
        try (FakeDeviceTask t = run(0x43, 0x02, 0, 0, 0, 0, 0, 0, 100, 0)) {
            // LBA 0 = 00:02:00, lead-out LBA 300 = 450 frames = 00:06:00
            assertArrayEquals(b(0, 18, 1, 1,
                    0, 0x14, 1, 0, 0, 0, 2, 0,
                    0, 0x14, 0xAA, 0, 0, 0, 6, 0), t.bytes());
        }
    }

    @Test
    void tocFromTheLeadOutAndBadTracksAndFormats() {
        try (FakeDeviceTask t = run(0x43, 0, 0, 0, 0, 0, 0xAA, 0, 100, 0)) {
            assertArrayEquals(b(0, 10, 1, 1, 0, 0x14, 0xAA, 0, 0, 0, 0x01, 0x2C), t.bytes());
        }
        try (FakeDeviceTask t = run(0x43, 0, 0, 0, 0, 0, 2, 0, 100, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
        try (FakeDeviceTask t = run(0x43, 0, 2, 0, 0, 0, 0, 0, 100, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
    }

    @Test
    void tocFormat1IsTheSessionInformation() {
        try (FakeDeviceTask t = run(0x43, 0, 1, 0, 0, 0, 0, 0, 100, 0)) {
            assertArrayEquals(b(0, 10, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0), t.bytes());
        }
        try (FakeDeviceTask t = run(0x43, 0, 0, 0, 0, 0, 0, 0, 100, 0x40)) {
            assertEquals(12, t.bytes().length, "SFF-8020 format in the control byte");
        }
    }

    @Test
    void responsesStopAtTheAllocationLength() {
        try (FakeDeviceTask t = run(0x43, 0, 0, 0, 0, 0, 0, 0, 4, 0)) {
            assertArrayEquals(b(0, 18, 1, 1), t.bytes());
        }
    }

    @Test
    void getConfigurationListsAllFeaturesWithTheCdProfileCurrent() {
        try (FakeDeviceTask t = run(0x46, 0, 0, 0, 0, 0, 0, 0x01, 0, 0)) {
            assertGood(t);
            byte[] r = t.bytes();
            assertEquals(r.length - 4, (r[0] << 24) | (r[1] << 16) | (r[2] << 8) | (r[3] & 0xFF));
            assertArrayEquals(b(0, 0x08), new byte[] {r[6], r[7]}, "current profile CD-ROM");
            assertArrayEquals(b(0, 0, 0x03, 8, 0, 0x10, 0, 0, 0, 0x08, 1, 0), slice(r, 8, 12), "profile list");
            assertArrayEquals(b(0, 1, 0x0B, 8, 0, 0, 0, 1, 0x02, 0, 0, 0), slice(r, 20, 12), "core");
            assertEquals(8 + 12 + 12 + 8 + 8 + 12 + 8 + 4, r.length);
        }
    }

    @Test
    void getConfigurationOneFeatureAndCurrentOnly() throws IOException {
        try (FakeDeviceTask t = run(0x46, 0x02, 0, 0x03, 0, 0, 0, 0, 100, 0)) {
            assertArrayEquals(b(0, 0, 0, 12, 0, 0, 0, 0x08, 0, 3, 0x03, 4, 0x29, 0, 0, 0), t.bytes());
        }
        device.changeMedium(null);
        try (FakeDeviceTask t = run(0x46, 0x01, 0, 0x10, 0, 0, 0, 0, 100, 0)) {
            assertArrayEquals(b(0, 0, 0, 4, 0, 0, 0, 0), t.bytes(), "no medium: no current read features");
        }
        try (FakeDeviceTask t = run(0x46, 0x03, 0, 0, 0, 0, 0, 0, 100, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
    }

    @Test
    void eventStatusReportsEachMediaEventOnce() throws IOException {
        try (FakeDeviceTask t = run(0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 8, 0)) {
            assertArrayEquals(b(0, 6, 4, 0x10, 0, 0x02, 0, 0), t.bytes(), "no change, medium present");
        }
        device.changeMedium(IsoImage.open(CdromDeviceTest.image(dir, "b.iso", 3)));
        try (FakeDeviceTask t = run(0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 8, 0)) {
            assertArrayEquals(b(0, 6, 4, 0x10, 2, 0x02, 0, 0), t.bytes(), "new media");
        }
        try (FakeDeviceTask t = run(0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 8, 0)) {
            assertEquals(0, t.bytes()[4], "reported once");
        }
        try (FakeDeviceTask t = run(0x1B, 0, 0, 0, 0x02, 0)) {
            assertGood(t);
        }
        try (FakeDeviceTask t = run(0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 8, 0)) {
            assertArrayEquals(b(0, 6, 4, 0x10, 3, 0x01, 0, 0), t.bytes(), "media removal, tray open");
        }
    }

    @Test
    void eventStatusWithoutMediaClassAndAsynchronous() {
        try (FakeDeviceTask t = run(0x4A, 0x01, 0, 0, 0x02, 0, 0, 0, 8, 0)) {
            assertArrayEquals(b(0, 2, 0x80, 0x10), t.bytes());
        }
        try (FakeDeviceTask t = run(0x4A, 0x00, 0, 0, 0x10, 0, 0, 0, 8, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
    }

    @Test
    void discInformationDescribesAFinalizedDisc() {
        try (FakeDeviceTask t = run(0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0)) {
            byte[] r = t.bytes();
            assertEquals(34, r.length);
            assertArrayEquals(b(0, 32, 0x0E, 1, 1, 1, 1, 0, 0), slice(r, 0, 9));
            assertArrayEquals(b(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), slice(r, 16, 8));
        }
        try (FakeDeviceTask t = run(0x51, 1, 0, 0, 0, 0, 0, 0, 34, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
    }

    @Test
    void trackInformationByTrackAndByLba() {
        try (FakeDeviceTask t = run(0x52, 1, 0, 0, 0, 1, 0, 0, 36, 0)) {
            byte[] r = t.bytes();
            assertArrayEquals(b(0, 34, 1, 1, 0, 4, 1, 0), slice(r, 0, 8));
            assertArrayEquals(b(0, 0, 0x01, 0x2C), slice(r, 24, 4), "track size");
        }
        try (FakeDeviceTask t = run(0x52, 0, 0, 0, 0, 200, 0, 0, 36, 0)) {
            assertGood(t);
        }
        try (FakeDeviceTask t = run(0x52, 0, 0, 0, 0x01, 0x2C, 0, 0, 36, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        }
        try (FakeDeviceTask t = run(0x52, 1, 0, 0, 0, 2, 0, 0, 36, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
    }

    @Test
    void mechanismStatusShowsTheDoor() {
        try (FakeDeviceTask t = run(0xBD, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0)) {
            assertArrayEquals(b(0, 0, 0, 0, 0, 0, 0, 0), t.bytes());
        }
        try (FakeDeviceTask t = run(0x1B, 0, 0, 0, 0x02, 0)) {
            assertGood(t);
        }
        try (FakeDeviceTask t = run(0xBD, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0)) {
            assertArrayEquals(b(0, 0x10, 0, 0, 0, 0, 0, 0), t.bytes());
        }
    }

    @Test
    void modeSenseReturnsTheCapabilitiesPage() {
        try (FakeDeviceTask t = run(0x1A, 0, 0x2A, 0, 255, 0)) {
            byte[] r = t.bytes();
            assertEquals(36, r.length);
            assertArrayEquals(b(35, 0, 0, 0, 0x2A, 30, 0x0B, 0, 0, 0, 0x29), slice(r, 0, 11));
        }
        try (FakeDeviceTask t = run(0x1E, 0, 0, 0, 1, 0)) {
            assertGood(t);
        }
        try (FakeDeviceTask t = run(0x5A, 0, 0x3F, 0, 0, 0, 0, 0, 255, 0)) {
            byte[] r = t.bytes();
            assertEquals(40, r.length);
            assertArrayEquals(b(0, 38, 0, 0, 0, 0, 0, 0, 0x2A, 30), slice(r, 0, 10));
            assertEquals(0x2B, r[14], "lock state follows PREVENT");
        }
        try (FakeDeviceTask t = run(0x1A, 0, 0x40 | 0x2A, 0, 255, 0)) {
            byte[] r = t.bytes();
            assertEquals(0, r[6], "changeable values: nothing changes");
            assertEquals(0, r[10]);
        }
    }

    @Test
    void modeSenseRefusesSavedValuesAndOtherPages() {
        try (FakeDeviceTask t = run(0x1A, 0, 0xC0 | 0x2A, 0, 255, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.SAVING_PARAMETERS_NOT_SUPPORTED);
        }
        try (FakeDeviceTask t = run(0x1A, 0, 0x08, 0, 255, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
        try (FakeDeviceTask t = run(0x1A, 0, 0x2A, 1, 255, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
    }

    private static byte[] slice(byte[] r, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(r, from, out, 0, length);
        return out;
    }
}
