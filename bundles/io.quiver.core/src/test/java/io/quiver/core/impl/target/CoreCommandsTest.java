package io.quiver.core.impl.target;

import static io.quiver.core.impl.target.Harness.assertCheck;
import static io.quiver.core.impl.target.Harness.assertGood;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands the core answers itself, byte by byte, through the loopback transport. */
class CoreCommandsTest {

    @TempDir
    Path dir;

    Harness h;
    MemoryDevice d0;
    FakeFactory factory = new FakeFactory();
    LocalSession s;

    @BeforeEach
    void setUp() {
        h = new Harness(dir);
        h.core.addFactory(factory);
        d0 = h.device("d0");
        h.device("d1");
        h.lun(0, "d0");
        h.lun(2, "d1");
        h.lun(300, "d1");
        s = h.login("iqn.a");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private LocalResponse reportLuns(int select, int allocation) {
        return s.execute(LocalRequest.of(0, 0xA0, 0, select, 0, 0, 0, allocation >> 24, allocation >> 16,
                allocation >> 8, allocation, 0, 0).dataIn(allocation));
    }

    @Test
    void reportLunsListsEveryLunInPeripheralOrFlatAddressing() {
        LocalResponse r = reportLuns(0, 256);
        assertGood(r);
        assertEquals(32, r.dataLength());
        assertEquals(24, r.dataByte(3));
        assertEquals(0, r.dataByte(8));
        assertEquals(2, r.dataByte(17));
        assertEquals(0x41, r.dataByte(24));
        assertEquals(0x2C, r.dataByte(25));
        assertEquals(224, r.residual());
    }

    @Test
    void reportLunsSelectReportValues() {
        LocalResponse wellKnown = reportLuns(1, 64);
        assertEquals(8, wellKnown.dataByte(3));
        assertEquals(0xC1, wellKnown.dataByte(8));
        assertEquals(0x01, wellKnown.dataByte(9));
        assertEquals(32, reportLuns(2, 64).dataByte(3));
        assertEquals(0, reportLuns(0x10, 64).dataByte(3));
        assertEquals(0, reportLuns(0x11, 64).dataByte(3));
        assertEquals(0, reportLuns(0x12, 64).dataByte(3));
        assertCheck(reportLuns(0x03, 64), SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
    }

    @Test
    void reportLunsAllocationLength() {
        assertCheck(reportLuns(0, 8), SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        LocalResponse cut = reportLuns(0, 16);
        assertEquals(16, cut.dataLength());
        assertEquals(24, cut.dataByte(3), "the list length is the full length");
    }

    @Test
    void reportLunsAndInquiryAtTheWellKnownLun() {
        LocalResponse r = s.execute(LocalRequest.of(0, 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0).dataIn(64)
                .rawLun(0xC101_0000_0000_0000L));
        assertEquals(24, r.dataByte(3));
        LocalResponse inq = s.execute(LocalRequest.of(0, 0x12, 0, 0, 0, 36, 0).dataIn(36).rawLun(0xC101_0000_0000_0000L));
        assertEquals(0x1E, inq.dataByte(0));
        assertCheck(s.execute(LocalRequest.of(0, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0).dataIn(512)
                .rawLun(0xC101_0000_0000_0000L)), SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
    }

    @Test
    void standardInquiry() {
        LocalResponse r = s.execute(LocalRequest.of(0, 0x12, 0, 0, 0, 96, 0).dataIn(96));
        assertGood(r);
        byte[] b = r.data();
        assertEquals(96, b.length);
        assertEquals(0x00, b[0]);
        assertEquals(0x06, b[2]);
        assertEquals(0x32, b[3], "NORMACA, HISUP, RESPONSE DATA FORMAT 2");
        assertEquals(91, b[4]);
        assertEquals(0x10, b[5], "TPGS 01b from the factory");
        assertEquals(0x02, b[7], "CmdQue");
        assertEquals("QUIVER  ", new String(b, 8, 8, StandardCharsets.US_ASCII));
        assertEquals("d0              ", new String(b, 16, 16, StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[] {0x00, (byte) 0xA0, 0x04, 0x60, 0x04, (byte) 0xC0, 0, 0}, Arrays.copyOfRange(b, 58, 66));
    }

    @Test
    void inquiryTruncatesToAllocationLengthAndRejectsBadFields() {
        LocalResponse r = s.execute(LocalRequest.of(0, 0x12, 0, 0, 0, 36, 0).dataIn(255));
        assertEquals(36, r.dataLength());
        assertEquals(255 - 36, r.residual());
        assertCheck(s.execute(LocalRequest.of(0, 0x12, 0, 0x80, 0, 36, 0).dataIn(36)),
                SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        assertCheck(s.execute(LocalRequest.of(0, 0x12, 1, 0xC5, 0, 36, 0).dataIn(36)),
                SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
    }

    @Test
    void expectedLengthShorterThanDataIsAnOverflow() {
        LocalResponse r = s.execute(LocalRequest.of(0, 0x12, 0, 0, 0, 96, 0).dataIn(40));
        assertEquals(40, r.dataLength());
        assertEquals(-56, r.residual());
    }

    @Test
    void vpdSupportedPagesSerialAndExtended() {
        LocalResponse p0 = s.execute(LocalRequest.of(0, 0x12, 1, 0, 0, 255, 0).dataIn(255));
        assertArrayEquals(new byte[] {0, 0, 0, 5, 0, (byte) 0x80, (byte) 0x83, (byte) 0x86, (byte) 0xB0}, p0.data());
        LocalResponse p80 = s.execute(LocalRequest.of(0, 0x12, 1, 0x80, 0, 255, 0).dataIn(255));
        assertEquals("SN-d0", new String(p80.data(), 4, p80.dataByte(3), StandardCharsets.US_ASCII));
        LocalResponse p86 = s.execute(LocalRequest.of(0, 0x12, 1, 0x86, 0, 255, 0).dataIn(255));
        assertEquals(64, p86.dataLength());
        assertEquals(0x07, p86.dataByte(5));
        LocalResponse b0 = s.execute(LocalRequest.of(0, 0x12, 1, 0xB0, 0, 255, 0).dataIn(255));
        assertEquals(0xB0, b0.dataByte(1), "device pages go to the device");
    }

    @Test
    void protectionInformationShowsInInquiryAndTheExtendedPage() {
        h.device(new MemoryDevice(io.quiver.spi.device.DeviceDescriptor.builder("pi2", "test",
                io.quiver.scsi.PeripheralDeviceType.DIRECT_ACCESS_BLOCK).protectionType(2).build(), 16));
        h.lun(5, "pi2");
        LocalResponse std = s.execute(LocalRequest.of(5, 0x12, 0, 0, 0, 96, 0).dataIn(96));
        assertEquals(0x01, std.dataByte(5) & 0x01, "PROTECT");
        LocalResponse p86 = s.execute(LocalRequest.of(5, 0x12, 1, 0x86, 0, 255, 0).dataIn(255));
        assertEquals(0x17, p86.dataByte(4), "SPT 010b (type 2), GRD_CHK, APP_CHK, REF_CHK");
        assertEquals(0, s.execute(LocalRequest.of(0, 0x12, 0, 0, 0, 96, 0).dataIn(96)).dataByte(5) & 0x01);
        assertEquals(0, s.execute(LocalRequest.of(0, 0x12, 1, 0x86, 0, 255, 0).dataIn(255)).dataByte(4));
    }

    @Test
    void vpdDeviceIdentification() {
        LocalResponse r = s.execute(LocalRequest.of(0, 0x12, 1, 0x83, 0, 255, 0).dataIn(255));
        byte[] b = r.data();
        assertEquals(b.length - 4, r.dataByte(3) | r.dataByte(2) << 8);
        int o = 4;
        assertArrayEquals(new byte[] {0x01, 0x03, 0, 8, 0x50, 1, 2, 3, 4, 5, 6, 7}, Arrays.copyOfRange(b, o, o + 12));
        o += 12;
        assertEquals(0x02, b[o]);
        assertEquals(0x01, b[o + 1]);
        String t10 = new String(b, o + 4, b[o + 3], StandardCharsets.US_ASCII);
        assertTrue(t10.matches("QUIVER  [0-9a-f]{20}-d0"), "derived t10_dev_id: " + t10);
        o += 4 + b[o + 3];
        int rtpi = h.target.target().relativeTargetPortId();
        assertArrayEquals(new byte[] {(byte) 0xF1, (byte) 0x94, 0, 4, 0, 0, 0, (byte) rtpi}, Arrays.copyOfRange(b, o, o + 8));
        o += 8;
        assertArrayEquals(new byte[] {(byte) 0xF1, (byte) 0x95, 0, 4, 0, 0, 0, 7}, Arrays.copyOfRange(b, o, o + 8));
        o += 8;
        assertArrayEquals(new byte[] {0x01, 0x06, 0, 4, 0, 0, 0, 9}, Arrays.copyOfRange(b, o, o + 8));
        assertEquals(b.length, o + 8);
    }

    @Test
    void requestSenseFixedAndDescriptorFormats() {
        h.core.unit("d0").raiseUnitAttentionExcept(null, AdditionalSense.CAPACITY_DATA_HAS_CHANGED);
        h.core.unit("d0").raiseUnitAttentionExcept(null, AdditionalSense.MODE_PARAMETERS_CHANGED);
        LocalResponse fixed = s.execute(LocalRequest.of(0, 0x03, 0, 0, 0, 252, 0).dataIn(252));
        assertGood(fixed);
        assertEquals(18, fixed.dataLength());
        assertEquals(0x70, fixed.dataByte(0));
        assertEquals(0x06, fixed.dataByte(2));
        assertEquals(0x2A, fixed.dataByte(12));
        assertEquals(0x09, fixed.dataByte(13));
        LocalResponse desc = s.execute(LocalRequest.of(0, 0x03, 1, 0, 0, 252, 0).dataIn(252));
        assertArrayEquals(new byte[] {0x72, 0x06, 0x2A, 0x01, 0, 0, 0, 0}, desc.data());
        LocalResponse none = s.execute(LocalRequest.of(0, 0x03, 0, 0, 0, 252, 0).dataIn(252));
        assertEquals(0x00, none.dataByte(2));
        assertEquals(0x00, none.dataByte(12));
    }

    @Test
    void descriptorSenseFollowsTheControlModePage() {
        d0.context.controlModeChanged(true, false, 0);
        LocalResponse r = s.execute(LocalRequest.of(0, 0xC7, 0, 0, 0, 0, 0));
        assertEquals(ScsiStatus.CHECK_CONDITION, r.status());
        assertEquals(true, r.descriptorSense());
        assertEquals(0x72, r.senseBytes()[0]);
    }

    private LocalResponse rsoc(int options, int opcode, int sa, int allocation) {
        return s.execute(LocalRequest.of(0, 0xA3, 0x0C, options, opcode, sa >> 8, sa, 0, 0, allocation >> 8,
                allocation, 0, 0).dataIn(allocation));
    }

    @Test
    void reportSupportedOperationCodesAll() {
        LocalResponse r = rsoc(0, 0, 0, 4096);
        assertGood(r);
        int length = r.dataByte(2) << 8 | r.dataByte(3);
        assertEquals(8 * 8, length, "5 core + 1 factory + 2 device commands");
        assertEquals(0x12, r.dataByte(4));
        assertEquals(0xA3, r.dataByte(4 + 3 * 8));
        assertEquals(0x0C, r.dataByte(4 + 3 * 8 + 3));
        assertEquals(0x01, r.dataByte(4 + 3 * 8 + 5), "SERVACTV");
        LocalResponse timeouts = rsoc(0x80, 0, 0, 4096);
        assertEquals(8 * 20, timeouts.dataByte(2) << 8 | timeouts.dataByte(3));
        assertEquals(0x02, timeouts.dataByte(4 + 5), "CTDP");
        assertEquals(0x03, timeouts.dataByte(4 + 3 * 20 + 5), "CTDP and SERVACTV");
        assertEquals(0x0A, timeouts.dataByte(4 + 8 + 1));
        assertEquals(30, timeouts.dataByte(4 + 8 + 11));
    }

    @Test
    void reportSupportedOperationCodesOneCommand() {
        LocalResponse inq = rsoc(1, 0x12, 0, 64);
        assertArrayEquals(new byte[] {0, 3, 0, 6, 0x12, 0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0}, inq.data());
        LocalResponse read = rsoc(1, 0x28, 0, 64);
        assertEquals(3, read.dataByte(1));
        assertEquals(10, read.dataByte(3));
        assertArrayEquals(new byte[] {0, 1, 0, 0}, rsoc(1, 0x55, 0, 64).data());
        assertCheck(rsoc(1, 0xA3, 0, 64), SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        LocalResponse withSa = rsoc(2, 0xA3, 0x0D, 64);
        assertEquals(3, withSa.dataByte(1));
        assertEquals(12, withSa.dataByte(3));
        assertCheck(rsoc(2, 0x12, 0, 64), SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        assertEquals(3, rsoc(3, 0x12, 0x55, 64).dataByte(1));
        LocalResponse ctdp = rsoc(0x81, 0x12, 0, 64);
        assertEquals(0x83, ctdp.dataByte(1));
        assertEquals(4 + 6 + 12, ctdp.dataLength());
        assertCheck(rsoc(5, 0, 0, 64), SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
    }

    @Test
    void reportSupportedTaskManagementFunctions() {
        LocalResponse r = s.execute(LocalRequest.of(0, 0xA3, 0x0D, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0).dataIn(16));
        assertArrayEquals(new byte[] {(byte) 0xFE, 0x07, 0, 0}, r.data());
        LocalResponse ext = s.execute(LocalRequest.of(0, 0xA3, 0x0D, 0x80, 0, 0, 0, 0, 0, 0, 16, 0, 0).dataIn(16));
        assertEquals(16, ext.dataLength());
        assertEquals(0x0C, ext.dataByte(3));
    }

    @Test
    void serviceCommandsAndDeviceCommandsFlow() {
        assertGood(s.execute(LocalRequest.of(0, FakeFactory.VENDOR, 0, 0, 0, 0, 0)));
        long readBefore = h.core.unit("d0").statistics().bytesRead();
        byte[] data = new byte[1024];
        Arrays.fill(data, (byte) 0x5A);
        assertGood(s.execute(LocalRequest.of(0, 0x2A, 0, 0, 0, 0, 3, 0, 0, 2, 0).dataOut(data)));
        LocalResponse read = s.execute(LocalRequest.of(0, 0x28, 0, 0, 0, 0, 3, 0, 0, 2, 0).dataIn(1024));
        assertArrayEquals(data, read.data());
        assertEquals(1024, h.core.unit("d0").statistics().bytesWritten());
        assertEquals(1024, h.core.unit("d0").statistics().bytesRead() - readBefore);
        assertCheck(s.execute(LocalRequest.of(0, 0xC7, 0, 0, 0, 0, 0)), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
        assertEquals(1, h.core.unit("d0").statistics().errors());
    }
}
