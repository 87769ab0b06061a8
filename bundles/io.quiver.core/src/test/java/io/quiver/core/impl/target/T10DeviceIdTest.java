package io.quiver.core.impl.target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The T10 vendor ID based designator of VPD 83h is the vendor identification, space padded to eight
 * bytes, and the descriptor's {@code t10DeviceId()} (SCST's {@code t10_dev_id}), defaulting to the unit
 * serial number; EXTENDED COPY may name a device by the same bytes.
 */
class T10DeviceIdTest {

    @TempDir
    Path dir;

    Harness h;
    LocalSession s;

    @BeforeEach
    void setUp() {
        h = new Harness(dir);
        h.device(new MemoryDevice(DeviceDescriptor.builder("d9", "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                .vendorId("SCST_FIO").unitSerialNumber("1a2b3c4d").t10DeviceId("d9-id").build(), 8));
        h.device("d0");
        h.lun(0, "d9");
        h.lun(1, "d0");
        s = h.login("iqn.a");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private String t10Designator(int lun) {
        byte[] b = s.execute(LocalRequest.of(lun, 0x12, 1, 0x83, 0, 255, 0).dataIn(255)).data();
        for (int o = 4; o + 4 <= b.length; o += 4 + b[o + 3]) {
            if ((b[o + 1] & 0x3F) == 0x01) {
                assertEquals(0x02, b[o], "ASCII");
                return new String(b, o + 4, b[o + 3], StandardCharsets.US_ASCII);
            }
        }
        throw new AssertionError("no T10 vendor ID designator");
    }

    @Test
    void designatorCarriesTheT10DeviceId() {
        assertEquals("SCST_FIOd9-id", t10Designator(0));
    }

    @Test
    void withoutT10DeviceIdTheUnitSerialNumberFollowsTheVendor() {
        assertEquals("QUIVER  SN-d0", t10Designator(1));
    }

    @Test
    void copyTargetsMatchTheReportedDesignator() {
        DeviceDescriptor d = DeviceDescriptor.builder("x", "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                .t10DeviceId("dev-x").build();
        byte[] designator = "QUIVER  dev-x".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(designator, LuDesignators.t10VendorId(d));
        assertTrue(LuDesignators.matches(d, designator));
        assertTrue(!LuDesignators.matches(d, Arrays.copyOf(designator, 12)));
    }
}
