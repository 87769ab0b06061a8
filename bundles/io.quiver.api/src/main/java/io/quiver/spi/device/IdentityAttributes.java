package io.quiver.spi.device;

/**
 * The identity attributes every handler's devices share, in SCST's forms, applied to a
 * {@link DeviceDescriptor.Builder}: {@code t10_dev_id} and {@code usn} (printable ASCII), {@code naa_id}
 * (hex digits of an NAA designator: 32 for NAA 6h, 16 for NAA 2h, 3h or 5h; {@code none} for no NAA
 * designator at all) and {@code eui64_id} (hex digits of 8, 12 or 16 bytes). Hex may carry a {@code 0x}
 * prefix and {@code :} or {@code -} separators. An empty or {@code null} value leaves the core to derive
 * that part of the identity (see {@link DeviceDescriptor}); so every handler means the same by them, they
 * are parsed here and nowhere else. Stateless; safe on any thread.
 */
public final class IdentityAttributes {

    /** The Metatype description of {@code t10_dev_id}, shared by every handler's devices. */
    public static final String T10_DEV_ID = "T10 device id: the T10 vendor ID designator of VPD 83h is t10_vend_id "
            + "(space padded to 8) followed by it. Empty = derived: the unit serial number, a dash, the device name.";
    /** The Metatype description of {@code usn}. */
    public static final String USN = "Unit serial number (VPD 80h). Empty = derived from the installation id "
            + "(or setup_id) and the device name, the same across restarts and different on every installation.";
    /** The Metatype description of {@code naa_id}. */
    public static final String NAA_ID = "NAA designator of VPD 83h in hex: 32 digits starting with 6 (IEEE Registered "
            + "Extended) or 16 starting with 2, 3 or 5. Empty = derived (NAA 6, OUI 02-51-56, from the installation id "
            + "or setup_id and the device name); none = no NAA designator.";
    /** The Metatype description of {@code eui64_id}. */
    public static final String EUI64_ID = "EUI-64 designator of VPD 83h in hex (8, 12 or 16 bytes). Empty = none.";

    /** The {@code naa_id} value that asks for no NAA designator. */
    public static final String NO_NAA = "none";

    private IdentityAttributes() {
    }

    /**
     * Applies the four identity attributes to {@code b}.
     *
     * @throws IllegalArgumentException naming the attribute and its value when one is malformed
     */
    public static DeviceDescriptor.Builder apply(DeviceDescriptor.Builder b, String t10DevId, String usn,
            String naaId, String eui64Id) {
        try {
            b.t10DeviceId(blank(t10DevId) ? null : t10DevId.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("t10_dev_id must be at most 247 printable ASCII characters: " + t10DevId, e);
        }
        try {
            b.unitSerialNumber(blank(usn) ? null : usn.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("usn must be at most 252 printable ASCII characters: " + usn, e);
        }
        boolean none = !blank(naaId) && naaId.trim().equalsIgnoreCase(NO_NAA);
        b.noNaaId(none);
        try {
            b.naaId(blank(naaId) || none ? null : hex(naaId, "naa_id"));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("naa_id") ? e : new IllegalArgumentException("naa_id must be 32 hex "
                    + "digits starting with 6 (NAA IEEE Registered Extended) or 16 starting with 2, 3 or 5: " + naaId, e);
        }
        try {
            b.eui64Id(blank(eui64Id) ? null : hex(eui64Id, "eui64_id"));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("eui64_id") ? e
                    : new IllegalArgumentException("eui64_id must be 16, 24 or 32 hex digits: " + eui64Id, e);
        }
        return b;
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
