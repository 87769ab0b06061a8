package io.quiver.transport.fcoe.impl.frame;

/**
 * 64-bit Fibre Channel world wide names (port and node names) and their colon notation, which SCST's fcst
 * uses as target and initiator names. Stateless.
 */
public final class WorldWideName {

    private WorldWideName() {
    }

    /** {@code 20:00:00:25:b5:00:00:01} for {@code 0x20000025b5000001}. */
    public static String format(long wwn) {
        StringBuilder s = new StringBuilder(23);
        for (int shift = 56; shift >= 0; shift -= 8) {
            s.append(String.format("%02x", (wwn >>> shift) & 0xFF));
            if (shift > 0) {
                s.append(':');
            }
        }
        return s.toString();
    }

    /** Parses colon, dash or plain hex notation (16 digits), with an optional {@code 0x} or {@code naa.} prefix. */
    public static long parse(String text) {
        String hex = text.trim().toLowerCase().replaceFirst("^(0x|naa\\.)", "").replace(":", "").replace("-", "");
        if (hex.length() != 16 || !hex.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("a world wide name of 16 hex digits expected: " + text);
        }
        return Long.parseUnsignedLong(hex, 16);
    }
}
