package io.quiver.core.impl.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity Quiver derives for a device that the configuration leaves unset, from the installation's
 * {@link IdentitySeed} and the device name (see docs/identity.md):
 * <ul>
 * <li>NAA: an NAA IEEE Registered Extended designator (NAA 6h, 16 bytes): company id {@value #OUI_TEXT}
 *     and 100 bits of SHA-256(seed, name). Quiver owns no IEEE registration; 02-51-56 lies in the AAI
 *     quadrant of IEEE 802c (locally administered bit set), which IEEE never assigns as an OUI or CID, so no
 *     vendor's designators can equal Quiver's. Linux, udev, dm-multipath and VMware prefer NAA 6h to every
 *     other designator, so it is the WWID hosts see ({@code naa.6025156...}, {@code wwn-0x6025156...}).</li>
 * <li>unit serial number: with a {@code setup_id}, SCST's own ({@code %llx} of setup_id &lt;&lt; 32 |
 *     crc32c(name + NUL)), so an SCST installation keeps its serial numbers; without, 20 hex digits
 *     (80 bits) of SHA-256(seed, name).</li>
 * <li>T10 device id: the unit serial number, a dash and the name (SCST's {@code %llx-%s}).</li>
 * </ul>
 * Stateless apart from the values of one device; not shared.
 */
final class IdentityDerivation {

    /** The IEEE company id field of derived NAA designators. */
    static final int OUI = 0x025156;
    static final String OUI_TEXT = "02-51-56";

    private static final int MAX_T10_DEVICE_ID = 247;

    private final IdentitySeed seed;
    private final String name;
    private final byte[] digest;

    IdentityDerivation(IdentitySeed seed, String name) {
        this.seed = seed;
        this.name = name;
        this.digest = sha256(seed.text() + "\0" + name);
    }

    /** NAA 6h: NAA (4 bits), company id (24), vendor specific identifier (36) and its extension (64). */
    byte[] naa() {
        byte[] naa = new byte[16];
        long high = 6L << 60 | (long) OUI << 36 | bits(0) >>> 28;
        long low = bits(8);
        for (int i = 0; i < 8; i++) {
            naa[i] = (byte) (high >>> (56 - 8 * i));
            naa[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return naa;
    }

    String unitSerialNumber() {
        if (seed.setupId() != null) {
            return Long.toHexString(seed.setupId() << 32 | Crc32c.of(name));
        }
        return HexFormat.of().formatHex(digest, 16, 26);
    }

    String t10DeviceId() {
        String id = unitSerialNumber() + "-" + printable(name);
        return id.length() > MAX_T10_DEVICE_ID ? id.substring(0, MAX_T10_DEVICE_ID) : id;
    }

    private long bits(int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (digest[offset + i] & 0xFF);
        }
        return v;
    }

    /** The name in the printable ASCII a T10 designator carries; other characters become {@code _}. */
    private static String printable(String name) {
        StringBuilder b = new StringBuilder(name.length());
        name.chars().forEach(c -> b.append(c >= 0x20 && c < 0x7F ? (char) c : '_'));
        return b.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
