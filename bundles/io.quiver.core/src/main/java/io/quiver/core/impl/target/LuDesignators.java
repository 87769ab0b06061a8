package io.quiver.core.impl.target;

import io.quiver.spi.device.DeviceDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The logical-unit designators of a device as VPD page 83h reports them (SPC-4 7.8.6): NAA and EUI-64
 * when configured, and always the T10 vendor ID based designator (vendor identification, space padded to
 * eight bytes, followed by the T10 device id, SCST's {@code t10_dev_id}, which defaults to the unit serial
 * number). Kept in one place so that what INQUIRY reports is
 * exactly what an EXTENDED COPY identification descriptor may name ({@code DeviceContext.findDevice}).
 * Stateless.
 */
public final class LuDesignators {

    private LuDesignators() {
    }

    /** The DESIGNATOR of the T10 vendor ID based designator (type 1h, ASCII). */
    public static byte[] t10VendorId(DeviceDescriptor d) {
        StringBuilder b = new StringBuilder(d.vendorId());
        while (b.length() < 8) {
            b.append(' ');
        }
        return b.append(d.t10DeviceId()).toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code designator} is one of the logical-unit designators VPD 83h reports for {@code d}. */
    public static boolean matches(DeviceDescriptor d, byte[] designator) {
        return Arrays.equals(designator, d.naaId()) || Arrays.equals(designator, d.eui64Id())
                || Arrays.equals(designator, t10VendorId(d));
    }
}
