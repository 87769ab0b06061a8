package io.quiver.iscsi.login;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The key=value text format of Login and Text PDUs (RFC 7143, 6.1): UTF-8 pairs each ended by a NUL byte.
 * Order is kept and duplicates are reported (a key sent twice is a protocol error for the caller to judge).
 * Stateless.
 */
public final class TextParameters {

    /** Longest key name (RFC 7143, 6.1: 63 bytes). */
    public static final int MAX_KEY_LENGTH = 63;
    /**
     * Longest value, in characters (RFC 7143, 6.1: binary values such as a CHAP challenge may take up to
     * 1024 bytes, 2050 characters in hexadecimal; a text value 8192 bytes at most under any key).
     */
    public static final int MAX_VALUE_LENGTH = 8192;

    private TextParameters() {
    }

    /** One parsed pair. Immutable. */
    public static final class Pair {
        private final String key;
        private final String value;

        public Pair(String key, String value) {
            this.key = key;
            this.value = value;
        }

        public String key() {
            return key;
        }

        public String value() {
            return value;
        }

        @Override
        public String toString() {
            // CHAP values (responses, challenges) stay out of any log line that prints a pair.
            return key + "=" + (key.startsWith("CHAP_") ? "***" : value);
        }
    }

    /**
     * Parses the readable bytes of {@code text} without moving its indices.
     *
     * @throws IllegalArgumentException for a pair without '=', an empty or overlong key, an overlong value
     */
    public static List<Pair> decode(ByteBuf text) {
        List<Pair> pairs = new ArrayList<>();
        int end = text.writerIndex();
        int i = text.readerIndex();
        while (i < end) {
            int nul = text.indexOf(i, end, (byte) 0);
            int stop = nul < 0 ? end : nul;
            if (stop > i) {
                String pair = text.toString(i, stop - i, StandardCharsets.UTF_8);
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq > MAX_KEY_LENGTH) {
                    // Only the start of the key: a value (a CHAP response) never goes into a message or a log.
                    throw new IllegalArgumentException("malformed key=value starting "
                            + pair.substring(0, Math.min(eq < 0 ? pair.length() : eq, 16)));
                }
                if (pair.length() - eq - 1 > MAX_VALUE_LENGTH) {
                    throw new IllegalArgumentException("value of " + pair.substring(0, eq) + " too long");
                }
                pairs.add(new Pair(pair.substring(0, eq), pair.substring(eq + 1)));
            }
            i = stop + 1;
        }
        return pairs;
    }

    /** Encodes the pairs in iteration order into a new buffer from {@code alloc}. */
    public static ByteBuf encode(ByteBufAllocator alloc, Map<String, String> pairs) {
        ByteBuf out = alloc.directBuffer();
        pairs.forEach((k, v) -> append(out, k, v));
        return out;
    }

    /** Appends one {@code key=value\0}. */
    public static void append(ByteBuf out, String key, String value) {
        out.writeCharSequence(key, StandardCharsets.UTF_8);
        out.writeByte('=');
        out.writeCharSequence(value, StandardCharsets.UTF_8);
        out.writeByte(0);
    }
}
