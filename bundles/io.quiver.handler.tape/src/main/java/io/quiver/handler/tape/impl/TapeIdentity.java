package io.quiver.handler.tape.impl;

import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.IdentityAttributes;

/**
 * The descriptors of drives and changers: vendor QUIVER, product VTAPE or VCHANGER, one device thread
 * (a tape is sequential: commands must run in the order they came). The unit serial number and VPD 83h
 * designators are the core's, derived from the installation and the device name (docs/identity.md), so
 * every drive of every library has its own; {@code usn}, {@code t10_dev_id}, {@code naa_id} and
 * {@code eui64_id} override them as for every handler. Stateless.
 */
final class TapeIdentity {

    static final String DRIVE_PRODUCT = "VTAPE";
    static final String CHANGER_PRODUCT = "VCHANGER";

    private TapeIdentity() {
    }

    /**
     * @throws IllegalArgumentException naming the device when an identity attribute is malformed
     */
    static DeviceDescriptor drive(String name, String t10DevId, String usn, String naaId, String eui64Id) {
        return build(name, VtapeHandler.HANDLER, PeripheralDeviceType.SEQUENTIAL_ACCESS, DRIVE_PRODUCT, true,
                t10DevId, usn, naaId, eui64Id);
    }

    static DeviceDescriptor changer(String name, String t10DevId, String usn) {
        return build(name, VchangerHandler.HANDLER, PeripheralDeviceType.MEDIUM_CHANGER, CHANGER_PRODUCT, false,
                t10DevId, usn, "", "");
    }

    private static DeviceDescriptor build(String name, String handler, PeripheralDeviceType type, String product,
            boolean removable, String t10DevId, String usn, String naaId, String eui64Id) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is required");
        }
        DeviceDescriptor.Builder b = DeviceDescriptor.builder(name.trim(), handler, type)
                .productId(product).removable(removable).threads(1);
        try {
            IdentityAttributes.apply(b, t10DevId, usn, naaId, eui64Id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device " + name + ": " + e.getMessage(), e);
        }
        return b.build();
    }
}
