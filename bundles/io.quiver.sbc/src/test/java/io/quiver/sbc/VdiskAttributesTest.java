package io.quiver.sbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.DeviceDescriptor;
import org.junit.jupiter.api.Test;

class VdiskAttributesTest {

    @Test
    void defaultsFollowScst() {
        DeviceDescriptor d = VdiskAttributes.builder("disk01", "vdisk_nullio", "", null, "", "", "", "", false, false)
                .build();
        assertEquals("disk01", d.name());
        assertEquals("vdisk_nullio", d.handlerName());
        assertEquals(PeripheralDeviceType.DIRECT_ACCESS_BLOCK, d.type());
        assertEquals("QUIVER", d.vendorId());
        assertEquals("disk01", d.productId());
        assertEquals(VdiskAttributes.defaultSerialNumber("disk01"), d.unitSerialNumber());
        assertEquals(8, d.unitSerialNumber().length());
        assertEquals("disk01", d.t10DeviceId(), "t10_dev_id defaults to the device name");
        assertNull(d.naaId());
        assertNull(d.eui64Id());
    }

    @Test
    void everyAttributeIsMapped() {
        DeviceDescriptor d = VdiskAttributes.builder("disk01", "vdisk_fileio", "ACME", "dev-7", "FastDisk",
                "SN123", "0x6001405abcdef012", "00:11:22:33:44:55:66:77", true, true).build();
        assertEquals("ACME", d.vendorId());
        assertEquals("FastDisk", d.productId());
        assertEquals("SN123", d.unitSerialNumber());
        assertEquals("dev-7", d.t10DeviceId());
        assertArrayEquals(new byte[] {0x60, 0x01, 0x40, 0x5a, (byte) 0xbc, (byte) 0xde, (byte) 0xf0, 0x12}, d.naaId());
        assertArrayEquals(new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}, d.eui64Id());
        assertTrue(d.readOnly());
        assertTrue(d.removable());
        DeviceDescriptor byDevId = VdiskAttributes.builder("x", "h", null, "dev-7", null, null, null, null, false,
                false).build();
        assertEquals(VdiskAttributes.defaultSerialNumber("dev-7"), byDevId.unitSerialNumber());
    }

    @Test
    void malformedValuesNameTheAttribute() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> VdiskAttributes.builder("d", "h", null, null, null, null, "abc", null, false, false));
        assertTrue(odd.getMessage().contains("naa_id"), odd.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> VdiskAttributes.builder("d", "h", null, null, null, null, null, "0011", false, false));
        assertTrue(length.getMessage().contains("eui64Id"), length.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> VdiskAttributes.builder("d", "h", "TOO-LONG-VENDOR", null, null, null, null, null, false, false));
        assertThrows(IllegalArgumentException.class, () -> VdiskAttributes.hex("zz", "naa_id"));
        assertEquals("6001405abcdef012", VdiskAttributes.hexString(VdiskAttributes.hex("0x6001405ABCDEF012", "naa_id")));
    }
}
