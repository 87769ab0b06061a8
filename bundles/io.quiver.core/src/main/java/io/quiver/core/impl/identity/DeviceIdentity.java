package io.quiver.core.impl.identity;

import io.quiver.spi.device.DeviceDescriptor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The identity one device reports, whatever its handler: the unit serial number of VPD 80h and the
 * logical-unit designation descriptors of VPD 83h. What the descriptor sets ({@code usn}, {@code t10_dev_id},
 * {@code naa_id}, {@code eui64_id}) wins; the rest is {@link IdentityDerivation derived} from the
 * installation's {@link IdentitySeed} and the device name. A pass-through device's own designators
 * ({@link DeviceDescriptor#logicalUnitDesignators()}) replace the derived ones. Kept in one place so that
 * what INQUIRY reports is exactly what an EXTENDED COPY identification descriptor may name. Immutable;
 * thread-safe.
 */
public final class DeviceIdentity {

    private static final int CODE_SET_BINARY = 0x1;
    private static final int CODE_SET_ASCII = 0x2;
    private static final int TYPE_T10 = 0x1;
    private static final int TYPE_EUI64 = 0x2;
    private static final int TYPE_NAA = 0x3;

    private final String unitSerialNumber;
    private final List<byte[]> descriptors;

    private DeviceIdentity(String unitSerialNumber, List<byte[]> descriptors) {
        this.unitSerialNumber = unitSerialNumber;
        this.descriptors = descriptors;
    }

    /** The identity of a device described by {@code d} in the installation of {@code seed}. */
    public static DeviceIdentity of(DeviceDescriptor d, IdentitySeed seed) {
        IdentityDerivation derived = new IdentityDerivation(seed, d.name());
        String usn = d.unitSerialNumber() != null ? d.unitSerialNumber() : derived.unitSerialNumber();
        List<byte[]> own = d.logicalUnitDesignators();
        if (!own.isEmpty()) {
            return new DeviceIdentity(usn, List.copyOf(own));
        }
        List<byte[]> out = new ArrayList<>();
        if (!d.noNaaId()) {
            byte[] naa = d.naaId();
            out.add(descriptor(CODE_SET_BINARY, TYPE_NAA, naa != null ? naa : derived.naa()));
        }
        byte[] eui = d.eui64Id();
        if (eui != null) {
            out.add(descriptor(CODE_SET_BINARY, TYPE_EUI64, eui));
        }
        String devId = d.t10DeviceId() != null ? d.t10DeviceId() : derived.t10DeviceId();
        out.add(descriptor(CODE_SET_ASCII, TYPE_T10, t10VendorId(d.vendorId(), devId)));
        return new DeviceIdentity(usn, List.copyOf(out));
    }

    /** The unit serial number (VPD 80h). */
    public String unitSerialNumber() {
        return unitSerialNumber;
    }

    /** The logical-unit designation descriptors of VPD 83h, each with its header, in report order. */
    public List<byte[]> descriptors() {
        return descriptors;
    }

    /** The DESIGNATOR of the first descriptor of a designator type (3h NAA, 2h EUI-64, 1h T10), or {@code null}. */
    public byte[] designator(int type) {
        for (byte[] d : descriptors) {
            if ((d[1] & 0x0F) == type) {
                return Arrays.copyOfRange(d, 4, d.length);
            }
        }
        return null;
    }

    /** Whether {@code designator} is the DESIGNATOR of one of the descriptors VPD 83h reports. */
    public boolean matches(byte[] designator) {
        for (byte[] d : descriptors) {
            if (d.length - 4 == designator.length && Arrays.equals(d, 4, d.length, designator, 0, designator.length)) {
                return true;
            }
        }
        return false;
    }

    /** The T10 vendor ID based DESIGNATOR: vendor identification space padded to eight bytes, then the device id. */
    static byte[] t10VendorId(String vendorId, String t10DeviceId) {
        StringBuilder b = new StringBuilder(vendorId);
        while (b.length() < 8) {
            b.append(' ');
        }
        return b.append(t10DeviceId).toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] descriptor(int codeSet, int type, byte[] designator) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + designator.length);
        out.write(codeSet);
        out.write(type); // PIV 0, association 00b (the logical unit)
        out.write(0);
        out.write(designator.length);
        out.write(designator, 0, designator.length);
        return out.toByteArray();
    }
}
