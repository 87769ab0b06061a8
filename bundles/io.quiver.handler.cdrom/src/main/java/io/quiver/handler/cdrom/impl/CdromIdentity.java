package io.quiver.handler.cdrom.impl;

import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.DeviceDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Maps a {@link CdromConfig}'s identity attributes to a {@link DeviceDescriptor} with the defaults every
 * Quiver vdisk handler uses (vendor QUIVER, product id and {@code t10_dev_id} = the name, serial = CRC-32 of
 * {@code t10_dev_id}). The block handlers get this from {@code io.quiver.sbc.VdiskAttributes}; a CD drive
 * does not import the SBC bundle, so the few lines are repeated here. Stateless.
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
        String devId = blank(c.t10__dev__id()) ? name : c.t10__dev__id().trim();
        b.t10DeviceId(devId);
        b.unitSerialNumber(blank(c.usn()) ? crc32(devId) : c.usn().trim());
        b.naaId(blank(c.naa__id()) ? null : hex(c.naa__id(), "naa_id"));
        b.eui64Id(blank(c.eui64__id()) ? null : hex(c.eui64__id(), "eui64_id"));
        return b.build();
    }

    private static String crc32(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }

    private static byte[] hex(String value, String attribute) {
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

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
