package io.quiver.sbc;

import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.IdentityAttributes;

/**
 * Maps the identity attributes every SCST vdisk handler shares ({@code t10_vend_id}, {@code t10_dev_id},
 * {@code prod_id}, {@code usn}, {@code naa_id}, {@code eui64_id}, {@code read_only}, {@code removable})
 * onto a {@link DeviceDescriptor.Builder} for a direct-access block device, with SCST's defaults, so
 * that every block handler's Metatype means the same thing. Stateless; safe on any thread.
 *
 * <p>Empty or {@code null} strings mean "the default": vendor {@code QUIVER}, product id = the device
 * name (first 16 characters); {@code t10_dev_id}, {@code usn}, {@code naa_id} and {@code eui64_id} are
 * parsed by {@link IdentityAttributes} and, when empty, derived by the core from the installation and the
 * device name (docs/identity.md).
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
     *        ({@link DeviceDescriptor#t10DeviceId()})
     * @param prodId {@code prod_id}, at most 16 ASCII characters
     * @param usn {@code usn}, the unit serial number (VPD 80h)
     * @param naaId {@code naa_id} in hex, 8 or 16 bytes, or {@code none}
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
            IdentityAttributes.apply(b, t10DevId, usn, naaId, eui64Id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device " + name + ": " + e.getMessage(), e);
        }
        return b.readOnly(readOnly).removable(removable);
    }

    /** See {@link IdentityAttributes#hex}. */
    public static byte[] hex(String value, String attribute) {
        return IdentityAttributes.hex(value, attribute);
    }

    /** See {@link IdentityAttributes#hexString}. */
    public static String hexString(byte[] id) {
        return IdentityAttributes.hexString(id);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
