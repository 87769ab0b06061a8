package io.quiver.core.impl.pr;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * SPC-4 TransportIDs (7.6.4) as persistent reservations use them: splitting a parameter list into
 * TransportIDs and deciding whether two of them name the same initiator port. Stateless.
 *
 * <p>iSCSI TransportIDs (protocol identifier 5, 7.6.4.6) are variable: format 00b carries the iSCSI
 * name (an initiator device), format 01b the name, {@code ",i,0x"} and the ISID (one initiator port).
 * Names compare case-insensitively; a format 00b TransportID matches every port of that initiator, as
 * SCST's {@code tid_equal} does. Every other protocol has 24-byte TransportIDs compared byte for byte.
 */
public final class TransportIds {

    /** The PROTOCOL IDENTIFIER of iSCSI. */
    public static final int PROTOCOL_ISCSI = 5;
    private static final int FIXED_LENGTH = 24;
    private static final String PORT_SEPARATOR = ",i,0x";

    private TransportIds() {
    }

    /**
     * The length of the TransportID starting at {@code offset}, or -1 if it is malformed or does not fit
     * in {@code limit} (an absolute index).
     */
    public static int lengthAt(ByteBuf buf, int offset, int limit) {
        if (limit - offset < 4) {
            return -1;
        }
        int first = buf.getUnsignedByte(offset);
        if ((first & 0x0F) != PROTOCOL_ISCSI) {
            return (first & 0xC0) == 0 && limit - offset >= FIXED_LENGTH ? FIXED_LENGTH : -1;
        }
        int format = first >> 6;
        int additional = buf.getUnsignedShort(offset + 2);
        int length = 4 + additional;
        if (format > 1 || additional < 4 || additional % 4 != 0 || offset + length > limit) {
            return -1;
        }
        // The name must be NUL-terminated inside the TransportID, and a port TransportID carries an ISID.
        String text = iscsiText(buf, offset, length);
        if (text == null || text.isEmpty()) {
            return -1;
        }
        return format == 1 && !text.toLowerCase(Locale.ROOT).contains(PORT_SEPARATOR) ? -1 : length;
    }

    /** Copies the TransportID at {@code offset} of the given length. */
    public static byte[] copy(ByteBuf buf, int offset, int length) {
        byte[] tid = new byte[length];
        buf.getBytes(offset, tid);
        return tid;
    }

    /** Whether two TransportIDs name the same initiator port (or device, for iSCSI format 00b). */
    public static boolean sameInitiator(byte[] a, byte[] b) {
        if (a.length == 0 || b.length == 0 || (a[0] & 0x0F) != (b[0] & 0x0F)) {
            return false;
        }
        if ((a[0] & 0x0F) != PROTOCOL_ISCSI) {
            return Arrays.equals(a, b);
        }
        String ta = iscsiText(a);
        String tb = iscsiText(b);
        if (ta == null || tb == null) {
            return false;
        }
        if ((a[0] & 0xC0) != (b[0] & 0xC0)) {
            ta = namePart(ta);
            tb = namePart(tb);
        }
        return ta.equalsIgnoreCase(tb);
    }

    /** The iSCSI name (without ISID) of an iSCSI TransportID, or {@code null} for another protocol. */
    public static String iscsiName(byte[] tid) {
        if (tid.length < 4 || (tid[0] & 0x0F) != PROTOCOL_ISCSI) {
            return null;
        }
        String text = iscsiText(tid);
        return text == null ? null : namePart(text);
    }

    /**
     * Builds an iSCSI TransportID (for tests and tools): format 01b if {@code isid} is given, else 00b.
     */
    public static byte[] iscsi(String name, String isid) {
        String text = isid == null ? name : name + PORT_SEPARATOR + isid;
        byte[] chars = text.getBytes(StandardCharsets.UTF_8);
        int additional = (chars.length + 1 + 3) / 4 * 4;
        additional = Math.max(additional, 20);
        byte[] tid = new byte[4 + additional];
        tid[0] = (byte) ((isid == null ? 0x00 : 0x40) | PROTOCOL_ISCSI);
        tid[2] = (byte) (additional >> 8);
        tid[3] = (byte) additional;
        System.arraycopy(chars, 0, tid, 4, chars.length);
        return tid;
    }

    private static String namePart(String text) {
        int sep = text.toLowerCase(Locale.ROOT).indexOf(PORT_SEPARATOR);
        return sep < 0 ? text : text.substring(0, sep);
    }

    private static String iscsiText(ByteBuf buf, int offset, int length) {
        return iscsiText(copy(buf, offset, length));
    }

    private static String iscsiText(byte[] tid) {
        int end = 4;
        while (end < tid.length && tid[end] != 0) {
            end++;
        }
        return end == tid.length ? null : new String(tid, 4, end - 4, StandardCharsets.UTF_8);
    }
}
