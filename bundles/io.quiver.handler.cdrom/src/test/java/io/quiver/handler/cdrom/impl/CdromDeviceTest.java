package io.quiver.handler.cdrom.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.testing.FakeDeviceTask;
import io.quiver.testing.RecordingDeviceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drive's media-access commands, byte by byte. */
class CdromDeviceTest {

    static final int BLOCKS = 20;

    @TempDir
    Path dir;

    CdromDevice device;
    RecordingDeviceContext context = new RecordingDeviceContext();

    /** An image whose block n is filled with the byte n + 1. */
    static Path image(Path dir, String name, int blocks) throws IOException {
        byte[] bytes = new byte[blocks * 2048];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i / 2048 + 1);
        }
        return Files.write(dir.resolve(name), bytes);
    }

    static CdromDevice device(IsoImage image) {
        DeviceDescriptor d = DeviceDescriptor.builder("cd0", "vcdrom", PeripheralDeviceType.CD_DVD)
                .removable(true).readOnly(true).threads(1).build();
        return new CdromDevice(d, image);
    }

    /** Runs one command; the caller closes the task. */
    FakeDeviceTask run(int... cdb) {
        FakeDeviceTask t = new FakeDeviceTask(cdb);
        device.execute(t);
        assertEquals(1, t.completions(), "a task completes exactly once");
        return t;
    }

    static void assertSense(FakeDeviceTask t, SenseKey key, AdditionalSense code) {
        assertEquals(ScsiStatus.CHECK_CONDITION, t.status());
        assertEquals(key, t.sense().key(), t.sense().toString());
        assertEquals(code, t.sense().additionalSense(), t.sense().toString());
        assertNull(t.data());
    }

    static void assertGood(FakeDeviceTask t) {
        assertEquals(ScsiStatus.GOOD, t.status(), () -> String.valueOf(t.sense()));
    }

    @BeforeEach
    void open() throws IOException {
        device = device(IsoImage.open(image(dir, "disc.iso", BLOCKS)));
        device.attach(context);
    }

    @AfterEach
    void close() throws IOException {
        device.close();
    }

    @Test
    void testUnitReadyWithAMedium() {
        try (FakeDeviceTask t = run(0x00, 0, 0, 0, 0, 0)) {
            assertGood(t);
            assertNull(t.data());
        }
    }

    @Test
    void readCapacityReportsTheLastBlockAnd2048() {
        try (FakeDeviceTask t = run(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0)) {
            assertGood(t);
            assertArrayEquals(new byte[] {0, 0, 0, BLOCKS - 1, 0, 0, 0x08, 0}, t.bytes());
        }
    }

    @Test
    void read10ReturnsTheImageBlocks() {
        try (FakeDeviceTask t = run(0x28, 0, 0, 0, 0, 2, 0, 0, 3, 0)) {
            assertGood(t);
            byte[] b = t.bytes();
            assertEquals(3 * 2048, b.length);
            assertEquals(3, b[0]);
            assertEquals(3, b[2047]);
            assertEquals(5, b[3 * 2048 - 1]);
        }
    }

    @Test
    void read12ReturnsTheImageBlocks() {
        try (FakeDeviceTask t = run(0xA8, 0, 0, 0, 0, 19, 0, 0, 0, 1, 0, 0)) {
            assertGood(t);
            byte[] b = t.bytes();
            assertEquals(2048, b.length);
            assertEquals(20, b[100]);
        }
    }

    @Test
    void readPastTheEndIsOutOfRange() {
        try (FakeDeviceTask t = run(0x28, 0, 0, 0, 0, 19, 0, 0, 2, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
            assertEquals(19, t.sense().information());
        }
        try (FakeDeviceTask t = run(0xA8, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        }
    }

    @Test
    void zeroLengthReadTransfersNothing() {
        try (FakeDeviceTask t = run(0x28, 0, 0, 0, 0, 0, 0, 0, 0, 0)) {
            assertGood(t);
            assertNull(t.data());
        }
    }

    @Test
    void aTrailingPartialBlockReadsZeroPadded() throws IOException {
        device.close();
        byte[] bytes = new byte[2048 + 10];
        java.util.Arrays.fill(bytes, 2048, bytes.length, (byte) 9);
        device = device(IsoImage.open(Files.write(dir.resolve("odd.iso"), bytes)));
        try (FakeDeviceTask t = run(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0)) {
            assertEquals(1, t.bytes()[3], "last LBA 1: the partial block counts");
        }
        try (FakeDeviceTask t = run(0x28, 0, 0, 0, 0, 0, 0, 0, 2, 0)) {
            byte[] b = t.bytes();
            assertEquals(0, b[2047]);
            assertEquals(9, b[2048 + 9]);
            assertEquals(0, b[2048 + 10]);
            assertEquals(0, b[2 * 2048 - 1]);
        }
    }

    @Test
    void writesAreRefusedAsMmcSays() {
        try (FakeDeviceTask t = run(0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0)) {
            assertSense(t, SenseKey.DATA_PROTECT, AdditionalSense.WRITE_PROTECTED);
        }
        try (FakeDeviceTask t = run(0xAA, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0)) {
            assertSense(t, SenseKey.DATA_PROTECT, AdditionalSense.WRITE_PROTECTED);
        }
        try (FakeDeviceTask t = run(0x8A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
        }
        try (FakeDeviceTask t = run(0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0)) {
            assertEquals(SenseData.invalidOpcode(), t.sense());
        }
    }

    @Test
    void mediumChangeRaisesTheUnitAttentionAndAnEmptyDriveIsNotReady() throws IOException {
        device.changeMedium(IsoImage.open(image(dir, "other.iso", 5)));
        assertEquals(1, context.mediumChanges());
        try (FakeDeviceTask t = run(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0)) {
            assertEquals(4, t.bytes()[3]);
        }
        device.changeMedium(null);
        assertEquals(1, context.mediumChanges(), "no medium, nothing became ready");
        try (FakeDeviceTask t = run(0x00, 0, 0, 0, 0, 0)) {
            assertSense(t, SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT);
        }
        try (FakeDeviceTask t = run(0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0)) {
            assertSense(t, SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT);
        }
        try (FakeDeviceTask t = run(0x43, 0, 0, 0, 0, 0, 0, 0, 100, 0)) {
            assertSense(t, SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT);
        }
        device.detach();
        device.changeMedium(IsoImage.open(dir.resolve("disc.iso")));
        assertEquals(1, context.mediumChanges(), "a detached device tells no one");
    }

    @Test
    void preventBlocksEjectAndAllowLetsIt() {
        try (FakeDeviceTask t = run(0x1E, 0, 0, 0, 1, 0)) {
            assertGood(t);
        }
        try (FakeDeviceTask t = run(0x1B, 0, 0, 0, 0x02, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.MEDIUM_REMOVAL_PREVENTED);
        }
        try (FakeDeviceTask t = run(0x00, 0, 0, 0, 0, 0)) {
            assertGood(t);
        }
        try (FakeDeviceTask t = run(0x1E, 0, 0, 0, 0, 0)) {
            assertGood(t);
        }
        try (FakeDeviceTask t = run(0x1B, 0, 0, 0, 0x02, 0)) {
            assertGood(t);
        }
        try (FakeDeviceTask t = run(0x00, 0, 0, 0, 0, 0)) {
            assertSense(t, SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT_TRAY_OPEN);
        }
        try (FakeDeviceTask t = run(0x1B, 0, 0, 0, 0x03, 0)) {
            assertGood(t);
        }
        try (FakeDeviceTask t = run(0x00, 0, 0, 0, 0, 0)) {
            assertGood(t);
        }
    }

    @Test
    void startStopWithoutLoadEjectOnlySpins() {
        try (FakeDeviceTask t = run(0x1B, 0, 0, 0, 0x00, 0)) {
            assertGood(t);
        }
        try (FakeDeviceTask t = run(0x00, 0, 0, 0, 0, 0)) {
            assertGood(t);
        }
    }

    @Test
    void aTruncatedCdbIsAnInvalidField() {
        try (FakeDeviceTask t = run(0x28, 0, 0, 0, 0, 0)) {
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
    }

    @Test
    void unknownOpcodesAreInvalid() {
        try (FakeDeviceTask t = run(0xFF, 0, 0, 0, 0, 0)) {
            assertEquals(SenseData.invalidOpcode(), t.sense());
        }
    }

    @Test
    void everyReportedCommandIsExecutedAndNoOtherIsReported() {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (io.quiver.spi.device.CommandDescriptor c : device.supportedCommands()) {
            assertTrue(seen.add(c.opcode()), "listed once");
            int[] cdb = new int[c.cdbLength()];
            cdb[0] = c.opcode();
            cdb[1] = c.opcode() == 0x4A ? 1 : 0; // GESN must be polled
            try (FakeDeviceTask t = run(cdb)) {
                assertTrue(t.sense() == null
                        || t.sense().additionalSense() != AdditionalSense.INVALID_COMMAND_OPERATION_CODE,
                        ScsiOpcode.name(c.opcode()));
            }
        }
        assertEquals(14, seen.size());
        assertFalse(seen.contains(0x2A), "refused writes are not supported commands");
    }
}
