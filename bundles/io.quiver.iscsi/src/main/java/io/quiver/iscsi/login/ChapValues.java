package io.quiver.iscsi.login;

import java.util.Base64;
import java.util.HexFormat;

/**
 * Binary values of CHAP keys (RFC 7143, 6.1: {@code 0x} hexadecimal or {@code 0b} base64). Stateless.
 */
public final class ChapValues {

    private ChapValues() {
    }

    /** Decodes a binary value; {@code null} if malformed. */
    public static byte[] decode(String s) {
        try {
            if (s.length() > 2 && (s.startsWith("0x") || s.startsWith("0X"))) {
                String hex = s.substring(2);
                return HexFormat.of().parseHex(hex.length() % 2 == 0 ? hex : "0" + hex);
            }
            if (s.length() > 2 && (s.startsWith("0b") || s.startsWith("0B"))) {
                return Base64.getDecoder().decode(s.substring(2));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /** Encodes as {@code 0x} followed by lower-case hexadecimal. */
    public static String encode(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }
}
