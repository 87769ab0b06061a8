package io.quiver.sbc;

import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.DeviceDescriptor;
import java.util.zip.CRC32;

/**
 * Maps the identity attributes every SCST vdisk handler shares ({@code t10_vend_id}, {@code t10_dev_id},
 * {@code prod_id}, {@code usn}, {@code naa_id}, {@code eui64_id}, {@code read_only}, {@code removable})
 * onto a {@link DeviceDescriptor.Builder} for a direct-access block device, with SCST's defaults, so
 * that every block handler's Metatype means the same thing. Stateless; safe on any thread.
 *
 * <p>Empty or {@code null} strings mean "the default": vendor {@code QUIVER}, product id = the device
 * name (first 16 characters), {@code t10_dev_id} = the device name, unit serial number = the CRC-32 of
 * {@code t10_dev_id} in hex (SCST derives its default USN from the device id the same way, so a device
 * keeps its serial number across restarts). {@code naa_id} and {@code eui64_id} are hexadecimal strings
 * (an optional {@code 0x} prefix, optional {@code :} or {@code -} separators) of 8 or 16 resp. 8, 12 or
 * 16 bytes.
 *
 * <p>The returned builder still carries the default {@code threads()} and {@code queueDepth()};
 * {@link SbcDevice} replaces both from its {@link SbcOptions}, so handlers need not set them.
 */
public final class VdiskAttributes {

    private VdiskAttributes() {
    }

    /**
     * A descriptor builder for a disk from the common SCST vdisk attributes.
     *
     * @param name the device name (SCST device name; {@code quiver.device.name})
     * @param handlerName the handler's name ({@code vdisk_fileio}, {@code vdisk_nullio}, ...)
     * @param t10VendId {@code t10_vend_id}, at most 8 ASCII characters
     * @param t10DevId {@code t10_dev_id}, the device's T10 identity: the T10 vendor ID designator of VPD 83h
     *        ({@link DeviceDescriptor#t10DeviceId()}); seeds the default serial number
     * @param prodId {@code prod_id}, at most 16 ASCII characters
     * @param usn {@code usn}, the unit serial number (VPD 80h)
     * @param naaId {@code naa_id} in hex, 8 or 16 bytes
     * @param eui64Id {@code eui64_id} in hex, 8, 12 or 16 bytes
     * @param readOnly {@code read_only}
     * @param removable {@code removable} (RMB)
     * @throws IllegalArgumentException naming the attribute when a value is malformed
     */
    public static DeviceDescriptor.Builder builder(String name, String handlerName, String t10VendId,
            String t10DevId, String prodId, String usn, String naaId, String eui64Id, boolean readOnly,
            boolean removable) {
        DeviceDescriptor.Builder b = DeviceDescriptor.builder(name, handlerName,
                PeripheralDeviceType.DIRECT_ACCESS_BLOCK);
        try {
            if (!blank(t10VendId)) {
                b.vendorId(t10VendId.trim());
            }
            if (!blank(prodId)) {
                b.productId(prodId.trim());
            }
            String devId = blank(t10DevId) ? name : t10DevId.trim();
            b.t10DeviceId(devId);
            b.unitSerialNumber(blank(usn) ? defaultSerialNumber(devId) : usn.trim());
            b.naaId(blank(naaId) ? null : hex(naaId, "naa_id"));
            b.eui64Id(blank(eui64Id) ? null : hex(eui64Id, "eui64_id"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device " + name + ": " + e.getMessage(), e);
        }
        return b.readOnly(readOnly).removable(removable);
    }

    /** SCST's default unit serial number for a device id: its CRC-32 as 8 hex digits. */
    public static String defaultSerialNumber(String t10DevId) {
        CRC32 crc = new CRC32();
        crc.update(t10DevId.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }

    /**
     * Parses a hexadecimal identifier attribute ({@code naa_id}, {@code eui64_id}).
     *
     * @throws IllegalArgumentException naming {@code attribute} if it is not an even number of hex digits
     */
    public static byte[] hex(String value, String attribute) {
        String s = value.trim().replace(":", "").replace("-", "");
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || s.length() % 2 != 0) {
            throw new IllegalArgumentException(attribute + " must be an even number of hex digits: " + value);
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException(attribute + " is not hexadecimal: " + value);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** The attribute form of an identifier: lower-case hex digits, no separators (inverse of {@link #hex}). */
    public static String hexString(byte[] id) {
        StringBuilder b = new StringBuilder(id.length * 2);
        for (byte x : id) {
            b.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return b.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
