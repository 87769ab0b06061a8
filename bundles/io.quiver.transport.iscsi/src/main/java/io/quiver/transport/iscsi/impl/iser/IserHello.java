package io.quiver.transport.iscsi.impl.iser;

import io.netty.buffer.ByteBuf;

/**
 * The iSER Hello and HelloReply messages (RFC 7145, 9.3 and 9.4), 12 bytes each, exchanged first on an iWARP
 * connection (InfiniBand and RoCE carry the equivalent in the RDMA CM private data instead, see
 * {@link IserCmPrivateData}). Byte 0: opcode nibble, then in a HelloReply the reject flag R in its lowest bit;
 * byte 1: MaxVer and MinVer (Hello) or MaxVer and CurVer (HelloReply) nibbles; bytes 2-3: the initiator's
 * iSER-IRD (Hello) or the target's iSER-ORD (HelloReply); 8 reserved bytes. Immutable.
 *
 * @param reply whether this is a HelloReply
 * @param reject a HelloReply's R flag: the target refuses the initiator's versions
 * @param maxVersion the highest iSER version the sender supports
 * @param version a Hello's MinVer, a HelloReply's CurVer
 * @param readDepth iSER-IRD (Hello) or iSER-ORD (HelloReply): RDMA READs outstanding
 */
public record IserHello(boolean reply, boolean reject, int maxVersion, int version, int readDepth) {

    /** Bytes of a Hello or HelloReply. */
    public static final int LENGTH = 12;
    /** The iSER version RFC 7145 defines. */
    public static final int VERSION = 1;

    public IserHello {
        if (maxVersion < 0 || maxVersion > 15 || version < 0 || version > 15 || readDepth < 0 || readDepth > 0xFFFF
                || (reject && !reply)) {
            throw new IllegalArgumentException("bad iSER Hello fields: " + maxVersion + "/" + version + "/"
                    + readDepth + (reject ? " reject" : ""));
        }
    }

    /**
     * Reads a Hello or HelloReply at {@code in}'s reader index and advances it by {@link #LENGTH}.
     *
     * @throws IserProtocolException when shorter, or the opcode is neither Hello nor HelloReply
     */
    public static IserHello decode(ByteBuf in) throws IserProtocolException {
        if (in.readableBytes() < LENGTH) {
            throw new IserProtocolException("iSER Hello of " + in.readableBytes() + " bytes, expected " + LENGTH);
        }
        int b0 = in.readUnsignedByte();
        int opcode = b0 >>> 4;
        if (opcode != IserHeader.HELLO && opcode != IserHeader.HELLO_REPLY) {
            throw new IserProtocolException(String.format("iSER opcode 0x%x where a Hello belongs", opcode));
        }
        int versions = in.readUnsignedByte();
        int depth = in.readUnsignedShort();
        in.skipBytes(8);
        boolean reply = opcode == IserHeader.HELLO_REPLY;
        return new IserHello(reply, reply && (b0 & 1) != 0, versions >>> 4, versions & 0xF, depth);
    }

    /** Writes the 12 bytes at {@code out}'s writer index. */
    public void encode(ByteBuf out) {
        int opcode = reply ? IserHeader.HELLO_REPLY : IserHeader.HELLO;
        out.writeByte(opcode << 4 | (reject ? 1 : 0)).writeByte(maxVersion << 4 | version).writeShort(readDepth)
                .writeZero(8);
    }
}
