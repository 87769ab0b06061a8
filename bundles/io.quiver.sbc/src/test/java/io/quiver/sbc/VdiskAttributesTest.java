package io.quiver.sbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertNull(d.unitSerialNumber(), "the core derives the serial number");
        assertNull(d.t10DeviceId(), "the core derives t10_dev_id");
        assertNull(d.naaId(), "the core derives the NAA designator");
        assertFalse(d.noNaaId());
        assertNull(d.eui64Id());
    }

    @Test
    void everyAttributeIsMapped() {
        DeviceDescriptor d = VdiskAttributes.builder("disk01", "vdisk_fileio", "ACME", "dev-7", "FastDisk",
                "SN123", "0x5001405abcdef012", "00:11:22:33:44:55:66:77", true, true).build();
        assertEquals("ACME", d.vendorId());
        assertEquals("FastDisk", d.productId());
        assertEquals("SN123", d.unitSerialNumber());
        assertEquals("dev-7", d.t10DeviceId());
        assertArrayEquals(new byte[] {0x50, 0x01, 0x40, 0x5a, (byte) 0xbc, (byte) 0xde, (byte) 0xf0, 0x12}, d.naaId());
        assertArrayEquals(new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}, d.eui64Id());
        assertTrue(d.readOnly());
        assertTrue(d.removable());
        DeviceDescriptor naa6 = VdiskAttributes.builder("x", "h", null, null, null, null,
                "6025156aabbccddeeff0011223344556", null, false, false).build();
        assertEquals(16, naa6.naaId().length);
        DeviceDescriptor none = VdiskAttributes.builder("x", "h", null, null, null, null, "none", null, false, false)
                .build();
        assertTrue(none.noNaaId());
        assertNull(none.naaId());
    }

    @Test
    void malformedValuesNameTheAttribute() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> VdiskAttributes.builder("d", "h", null, null, null, null, "abc", null, false, false));
        assertTrue(odd.getMessage().contains("naa_id"), odd.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> VdiskAttributes.builder("d", "h", null, null, null, null, null, "0011", false, false));
        assertTrue(length.getMessage().contains("eui64_id"), length.getMessage());
        IllegalArgumentException naa6short = assertThrows(IllegalArgumentException.class,
                () -> VdiskAttributes.builder("d", "h", null, null, null, null, "6001405abcdef012", null, false, false));
        assertTrue(naa6short.getMessage().contains("naa_id must be 32 hex digits starting with 6"), naa6short.getMessage());
        IllegalArgumentException usn = assertThrows(IllegalArgumentException.class,
                () -> VdiskAttributes.builder("d", "h", null, null, null, "caf\u00e9", null, null, false, false));
        assertTrue(usn.getMessage().contains("usn"), usn.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> VdiskAttributes.builder("d", "h", "TOO-LONG-VENDOR", null, null, null, null, null, false, false));
        assertThrows(IllegalArgumentException.class, () -> VdiskAttributes.hex("zz", "naa_id"));
        assertEquals("6001405abcdef012", VdiskAttributes.hexString(VdiskAttributes.hex("0x6001405ABCDEF012", "naa_id")));
    }
}
