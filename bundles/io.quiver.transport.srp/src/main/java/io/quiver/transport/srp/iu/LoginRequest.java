package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * SRP_LOGIN_REQ (SRP r16a 6.2, 64 bytes; SRP-2 adds the immediate data offset), and the 56-byte layout Linux's
 * ib_srp and SCST's ib_srpt carry in RDMA CM private data ({@code struct srp_login_req_rdma}: TAG, buffer
 * formats, flags, type code, IU length, port ids, immediate data offset, 6 reserved bytes).
 *
 * @param tag TAG
 * @param requestedItIuLength REQUESTED MAXIMUM INITIATOR TO TARGET IU LENGTH
 * @param requiredBufferFormats REQUIRED BUFFER FORMATS ({@link Srp#BUFFER_FORMAT_DIRECT} ...)
 * @param flags MULTI-CHANNEL ACTION (bits 1:0) and {@link Srp#IMMEDIATE_REQUESTED}
 * @param immediateDataOffset where immediate data starts in an SRP_CMD (SRP-2), meaningful with
 *        {@link Srp#IMMEDIATE_REQUESTED}
 * @param initiatorPortId INITIATOR PORT IDENTIFIER
 * @param targetPortId TARGET PORT IDENTIFIER
 */
public record LoginRequest(long tag, int requestedItIuLength, int requiredBufferFormats, int flags,
        int immediateDataOffset, SrpPortId initiatorPortId, SrpPortId targetPortId) implements SrpIu {

    @Override
    public int opcode() {
        return Srp.LOGIN_REQ;
    }

    /** MULTI-CHANNEL ACTION: {@link Srp#MULTICHANNEL_SINGLE}, {@link Srp#MULTICHANNEL_MULTI} or reserved 2, 3. */
    public int multiChannelAction() {
        return flags & Srp.MULTICHANNEL_ACTION_MASK;
    }

    /** Whether the initiator asks for immediate data (SRP-2). */
    public boolean immediateDataRequested() {
        return (flags & Srp.IMMEDIATE_REQUESTED) != 0;
    }

    /**
     * Decodes the 64-byte IU.
     *
     * @throws SrpProtocolException {@link LoginRejectReason#UNABLE_TO_ESTABLISH_CHANNEL} for a wrong length or type
     */
    public static LoginRequest decode(ByteBuf iu) throws SrpProtocolException {
        int i = iu.readerIndex();
        long tag = iu.readableBytes() >= 16 ? iu.getLong(i + 8) : 0;
        if (iu.readableBytes() != Srp.LOGIN_REQ_LENGTH) {
            throw SrpProtocolException.loginReject(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL, tag, "IU length",
                    "SRP_LOGIN_REQ has 64 bytes, received " + iu.readableBytes());
        }
        checkType(iu.getUnsignedByte(i), tag);
        return new LoginRequest(tag, iu.getInt(i + 16), iu.getUnsignedShort(i + 24), iu.getUnsignedByte(i + 26),
                iu.getUnsignedShort(i + 28), SrpPortId.get(iu, i + 32), SrpPortId.get(iu, i + 48));
    }

    /**
     * Decodes the RDMA CM private data of a connection request. Over InfiniBand and RoCE the CM hands up all 56
     * bytes the REQ can carry, over iWARP what was sent: at least 56 bytes are required, any beyond are ignored.
     *
     * @throws SrpProtocolException {@link LoginRejectReason#UNABLE_TO_ESTABLISH_CHANNEL} if shorter or of
     *         another type
     */
    public static LoginRequest decodeRdmaCm(ByteBuf privateData) throws SrpProtocolException {
        int i = privateData.readerIndex();
        long tag = privateData.readableBytes() >= 8 ? privateData.getLong(i) : 0;
        if (privateData.readableBytes() < Srp.LOGIN_REQ_RDMA_CM_LENGTH) {
            throw SrpProtocolException.loginReject(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL, tag,
                    "private data length", "an RDMA CM SRP login has 56 bytes, received " + privateData.readableBytes());
        }
        checkType(privateData.getUnsignedByte(i + 11), tag);
        return new LoginRequest(tag, privateData.getInt(i + 12), privateData.getUnsignedShort(i + 8),
                privateData.getUnsignedByte(i + 10), privateData.getUnsignedShort(i + 48),
                SrpPortId.get(privateData, i + 16), SrpPortId.get(privateData, i + 32));
    }

    private static void checkType(int opcode, long tag) throws SrpProtocolException {
        if (opcode != Srp.LOGIN_REQ) {
            throw SrpProtocolException.loginReject(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL, tag,
                    "IU TYPE", "0x" + Integer.toHexString(opcode) + " is not SRP_LOGIN_REQ");
        }
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(Srp.LOGIN_REQ).writeZero(7).writeLong(tag).writeInt(requestedItIuLength).writeZero(4)
                .writeShort(requiredBufferFormats).writeByte(flags).writeZero(1).writeShort(immediateDataOffset)
                .writeZero(2);
        initiatorPortId.write(out);
        targetPortId.write(out);
    }

    /** Appends the 56-byte RDMA CM private data form. */
    public void encodeRdmaCm(ByteBuf out) {
        out.writeLong(tag).writeShort(requiredBufferFormats).writeByte(flags).writeByte(Srp.LOGIN_REQ)
                .writeInt(requestedItIuLength);
        initiatorPortId.write(out);
        targetPortId.write(out);
        out.writeShort(immediateDataOffset).writeZero(6);
    }
}
