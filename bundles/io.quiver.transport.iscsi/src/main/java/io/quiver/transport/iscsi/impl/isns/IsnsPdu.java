package io.quiver.transport.iscsi.impl.isns;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One iSNSP message (RFC 4171, 5.1): the 12-byte header (version 1, function id, payload length, flags,
 * transaction id, sequence id) and the payload as a list of tag-length-value attributes, each value padded to
 * four bytes. A response's payload starts with a four-byte status code, kept apart in {@link #status}. Messages
 * this driver sends and receives fit one PDU (FIRST and LAST set, sequence 0). Immutable.
 *
 * @param status the response status, or -1 for a request
 */
public record IsnsPdu(int function, int flags, int transaction, int status, List<Attribute> attributes) {

    /** Largest payload read: a registration of many targets is far smaller; more is a broken peer. */
    static final int MAX_PAYLOAD = 1 << 20;

    /** One attribute: tag and value (already padded for strings); an empty value is a zero-length attribute. */
    public record Attribute(int tag, byte[] value) {

        /** A NUL-terminated UTF-8 string, padded to four bytes (RFC 4171, 6.1). */
        public static Attribute string(int tag, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            byte[] v = new byte[(b.length + 1 + 3) & ~3];
            System.arraycopy(b, 0, v, 0, b.length);
            return new Attribute(tag, v);
        }

        public static Attribute u32(int tag, int value) {
            return new Attribute(tag, ByteBuffer.allocate(4).putInt(value).array());
        }

        /** A zero-length attribute: the delimiter (tag 0) or an attribute asked for in a query. */
        public static Attribute empty(int tag) {
            return new Attribute(tag, new byte[0]);
        }

        /** The value as a string, up to its first NUL. */
        public String asString() {
            int end = 0;
            while (end < value.length && value[end] != 0) {
                end++;
            }
            return new String(value, 0, end, StandardCharsets.UTF_8);
        }

        public int asInt() {
            return value.length < 4 ? 0 : ByteBuffer.wrap(value).getInt();
        }
    }

    /** A client request in one PDU. */
    public static IsnsPdu request(int function, int transaction, int extraFlags, List<Attribute> attributes) {
        return new IsnsPdu(function, IsnsTags.FLAG_CLIENT | IsnsTags.FLAG_FIRST | IsnsTags.FLAG_LAST | extraFlags,
                transaction, -1, attributes);
    }

    /** The response to {@code request} with {@code status} and attributes, sent by this side as a client. */
    public static IsnsPdu response(IsnsPdu request, int status, List<Attribute> attributes) {
        return new IsnsPdu(request.function | IsnsTags.RESPONSE, IsnsTags.FLAG_CLIENT | IsnsTags.FLAG_FIRST
                | IsnsTags.FLAG_LAST, request.transaction, status, attributes);
    }

    public boolean isResponse() {
        return (function & IsnsTags.RESPONSE) != 0;
    }

    /** The first attribute with {@code tag}, or {@code null}. */
    public Attribute first(int tag) {
        return attributes.stream().filter(a -> a.tag == tag).findFirst().orElse(null);
    }

    /** The message as it goes on the wire. */
    public byte[] encode() {
        int length = status >= 0 ? 4 : 0;
        for (Attribute a : attributes) {
            length += 8 + a.value.length;
        }
        ByteBuffer b = ByteBuffer.allocate(12 + length);
        b.putShort((short) 1).putShort((short) function).putShort((short) length).putShort((short) flags)
                .putShort((short) transaction).putShort((short) 0);
        if (status >= 0) {
            b.putInt(status);
        }
        for (Attribute a : attributes) {
            b.putInt(a.tag).putInt(a.value.length).put(a.value);
        }
        return b.array();
    }

    /**
     * Reads one message.
     *
     * @throws IOException on a version other than 1, a length beyond {@link #MAX_PAYLOAD}, an attribute running
     *         past the payload, or the end of the stream
     */
    public static IsnsPdu read(DataInputStream in) throws IOException {
        int version = in.readUnsignedShort();
        int function = in.readUnsignedShort();
        int length = in.readUnsignedShort();
        int flags = in.readUnsignedShort();
        int transaction = in.readUnsignedShort();
        in.readUnsignedShort();
        if (version != 1) {
            throw new IOException("iSNSP version " + version + " (only 1 exists)");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        ByteBuffer p = ByteBuffer.wrap(payload);
        int status = -1;
        if ((function & IsnsTags.RESPONSE) != 0) {
            if (p.remaining() < 4) {
                throw new IOException("iSNSP response 0x" + Integer.toHexString(function) + " without a status");
            }
            status = p.getInt();
        }
        List<Attribute> attributes = new ArrayList<>();
        while (p.remaining() >= 8) {
            int tag = p.getInt();
            int len = p.getInt();
            if (len < 0 || len > p.remaining()) {
                throw new IOException("iSNSP attribute " + tag + " of length " + len + " runs past the message");
            }
            byte[] v = new byte[len];
            p.get(v);
            attributes.add(new Attribute(tag, v));
        }
        return new IsnsPdu(function, flags, transaction, status, attributes);
    }
}
