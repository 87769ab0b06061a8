package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;
import java.util.HexFormat;

/**
 * A 16-byte SRP port identifier as two big-endian halves. For a target port (SRP r16a, and Linux's ib_srp
 * with the rev 16a I/O class) the first half is the {@code id_ext} and the second the I/O controller GUID;
 * for an initiator port, the {@code initiator_ext} and the port's interface id (GID suffix). Immutable.
 *
 * @param high bytes 0..7
 * @param low bytes 8..15
 */
public record SrpPortId(long high, long low) {

    /** Bytes of a port identifier. */
    public static final int LENGTH = 16;

    /** The target port identifier {@code id_ext} + {@code ioc_guid}. */
    public static SrpPortId target(long idExt, long iocGuid) {
        return new SrpPortId(idExt, iocGuid);
    }

    /** Reads 16 bytes at {@code index} without moving indices. */
    public static SrpPortId get(ByteBuf buf, int index) {
        return new SrpPortId(buf.getLong(index), buf.getLong(index + 8));
    }

    /** Parses 32 hexadecimal digits, optionally with colons or dashes between groups. */
    public static SrpPortId parse(String hex) {
        String digits = hex.replace(":", "").replace("-", "");
        if (digits.length() != 32) {
            throw new IllegalArgumentException("an SRP port id has 32 hex digits: " + hex);
        }
        return new SrpPortId(HexFormat.fromHexDigitsToLong(digits, 0, 16), HexFormat.fromHexDigitsToLong(digits, 16, 32));
    }

    /** Writes the 16 bytes at {@code index} without moving indices. */
    public void set(ByteBuf buf, int index) {
        buf.setLong(index, high).setLong(index + 8, low);
    }

    /** Appends the 16 bytes. */
    public void write(ByteBuf out) {
        out.writeLong(high).writeLong(low);
    }

    /** The 16 bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    /** 32 lower-case hex digits, as SCST names ib_srpt sessions ({@code 0x...} without the prefix). */
    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }
}
