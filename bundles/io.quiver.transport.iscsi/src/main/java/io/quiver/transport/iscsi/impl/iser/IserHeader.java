package io.quiver.transport.iscsi.impl.iser;

import io.netty.buffer.ByteBuf;

/**
 * The iSER header that leads every iSER message (RFC 7145, 9.2; Linux's {@code struct iser_ctrl}): byte 0 holds
 * the iSER opcode in its high nibble and, for an iSCSI control-type PDU, the W and R flags saying whether the
 * Write STag / Write Base Offset (where the target RDMA READs Data-Out from) and the Read STag / Read Base Offset
 * (where it RDMA WRITEs Data-In to) are valid; bytes 1-3 are reserved; then Write STag (4), Write Base Offset
 * (8), Read STag (4), Read Base Offset (8), big-endian, 28 bytes in all. Reserved bits are sent as zero and
 * ignored on receipt (RFC 7145, 9.1). Immutable.
 *
 * @param opcode {@link #ISCSI_CONTROL}, {@link #HELLO} or {@link #HELLO_REPLY}
 * @param writeValid the W flag: the initiator advertised a buffer with its Data-Out (a WRITE)
 * @param readValid the R flag: the initiator advertised a buffer for Data-In (a READ)
 */
public record IserHeader(int opcode, boolean writeValid, int writeStag, long writeBaseOffset, boolean readValid,
        int readStag, long readBaseOffset) {

    /** Bytes of the header. */
    public static final int LENGTH = 28;
    /** iSER opcode 0001b: an iSCSI control-type PDU follows. */
    public static final int ISCSI_CONTROL = 0x1;
    /** iSER opcode 0010b: iSER Hello (iWARP only). */
    public static final int HELLO = 0x2;
    /** iSER opcode 0011b: iSER HelloReply (iWARP only). */
    public static final int HELLO_REPLY = 0x3;
    static final int WRITE_VALID = 0x08;
    static final int READ_VALID = 0x04;

    /** The header of a control-type PDU the target sends: no buffers advertised (RFC 7145, 9.2). */
    public static final IserHeader TARGET_CONTROL = new IserHeader(ISCSI_CONTROL, false, 0, 0, false, 0, 0);

    /**
     * Reads the header at {@code in}'s reader index and advances it by {@link #LENGTH}.
     *
     * @throws IserProtocolException when fewer than {@link #LENGTH} bytes are readable or the opcode is unknown
     */
    public static IserHeader decode(ByteBuf in) throws IserProtocolException {
        if (in.readableBytes() < LENGTH) {
            throw new IserProtocolException("iSER message of " + in.readableBytes() + " bytes: shorter than the "
                    + LENGTH + "-byte iSER header");
        }
        int flags = in.readUnsignedByte();
        int opcode = flags >>> 4;
        if (opcode != ISCSI_CONTROL && opcode != HELLO && opcode != HELLO_REPLY) {
            throw new IserProtocolException(String.format("unknown iSER opcode 0x%x", opcode));
        }
        in.skipBytes(3);
        int writeStag = in.readInt();
        long writeBaseOffset = in.readLong();
        int readStag = in.readInt();
        long readBaseOffset = in.readLong();
        // W and R exist on control-type PDUs only; elsewhere those bits are not flags.
        boolean control = opcode == ISCSI_CONTROL;
        return new IserHeader(opcode, control && (flags & WRITE_VALID) != 0, writeStag, writeBaseOffset,
                control && (flags & READ_VALID) != 0, readStag, readBaseOffset);
    }

    /** Writes the 28 header bytes at {@code out}'s writer index. */
    public void encode(ByteBuf out) {
        int flags = opcode << 4 | (writeValid ? WRITE_VALID : 0) | (readValid ? READ_VALID : 0);
        out.writeByte(flags).writeMedium(0).writeInt(writeStag).writeLong(writeBaseOffset).writeInt(readStag)
                .writeLong(readBaseOffset);
    }
}
