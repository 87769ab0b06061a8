package io.quiver.handler.cdrom.impl;

import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.IdentityAttributes;

/**
 * Maps a {@link CdromConfig}'s identity attributes to a {@link DeviceDescriptor} with the defaults every
 * Quiver vdisk handler uses (vendor QUIVER, product id = the name); {@code t10_dev_id}, {@code usn},
 * {@code naa_id} and {@code eui64_id} go through {@link IdentityAttributes} like every handler's, and the
 * core derives what they leave empty. Stateless.
 */
final class CdromIdentity {

    private CdromIdentity() {
    }

    /**
     * @throws IllegalArgumentException naming the attribute when a value is malformed
     */
    static DeviceDescriptor descriptor(CdromConfig c) {
        if (c.name() == null || c.name().isBlank()) {
            throw new IllegalArgumentException("name is required");
        }
        if (c.threads__num() < 1) {
            throw new IllegalArgumentException("threads_num must be >= 1: " + c.threads__num());
        }
        String name = c.name().trim();
        DeviceDescriptor.Builder b = DeviceDescriptor.builder(name, CdromHandler.HANDLER, PeripheralDeviceType.CD_DVD)
                .removable(true).readOnly(true).threads(c.threads__num());
        if (!blank(c.t10__vend__id())) {
            b.vendorId(c.t10__vend__id().trim());
        }
        if (!blank(c.prod__id())) {
            b.productId(c.prod__id().trim());
        }
        try {
            IdentityAttributes.apply(b, c.t10__dev__id(), c.usn(), c.naa__id(), c.eui64__id());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device " + name + ": " + e.getMessage(), e);
        }
        return b.build();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
