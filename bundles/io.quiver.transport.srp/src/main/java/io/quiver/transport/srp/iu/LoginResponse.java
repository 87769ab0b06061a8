package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * SRP_LOGIN_RSP (SRP r16a 6.3, 52 bytes): the initial request limit, the negotiated IU lengths, the supported
 * buffer formats and the multi-channel result and immediate data flag. Over RDMA CM it travels as the private
 * data of the accept.
 *
 * @param requestLimitDelta REQUEST LIMIT DELTA: the initial credit grant
 * @param tag TAG of the login request
 * @param maxItIuLength MAXIMUM INITIATOR TO TARGET IU LENGTH
 * @param maxTiIuLength MAXIMUM TARGET TO INITIATOR IU LENGTH
 * @param supportedBufferFormats SUPPORTED BUFFER FORMATS
 * @param flags MULTI-CHANNEL RESULT (bits 1:0) and {@link Srp#LOGIN_RSP_IMMEDIATE_SUPPORTED}
 */
public record LoginResponse(int requestLimitDelta, long tag, int maxItIuLength, int maxTiIuLength,
        int supportedBufferFormats, int flags) implements SrpIu {

    @Override
    public int opcode() {
        return Srp.LOGIN_RSP;
    }

    /** MULTI-CHANNEL RESULT. */
    public int multiChannelResult() {
        return flags & 0x03;
    }

    /** Whether the target accepts immediate data. */
    public boolean immediateDataSupported() {
        return (flags & Srp.LOGIN_RSP_IMMEDIATE_SUPPORTED) != 0;
    }

    /**
     * Decodes the 52-byte IU (or accept private data, which may be longer: the rest is ignored).
     *
     * @throws SrpProtocolException if shorter or of another type
     */
    public static LoginResponse decode(ByteBuf iu) throws SrpProtocolException {
        int i = iu.readerIndex();
        if (iu.readableBytes() < Srp.LOGIN_RSP_LENGTH || iu.getUnsignedByte(i) != Srp.LOGIN_RSP) {
            throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "IU TYPE",
                    "not a 52-byte SRP_LOGIN_RSP (" + iu.readableBytes() + " bytes)");
        }
        return new LoginResponse(iu.getInt(i + 4), iu.getLong(i + 8), iu.getInt(i + 16), iu.getInt(i + 20),
                iu.getUnsignedShort(i + 24), iu.getUnsignedByte(i + 26));
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(Srp.LOGIN_RSP).writeZero(3).writeInt(requestLimitDelta).writeLong(tag).writeInt(maxItIuLength)
                .writeInt(maxTiIuLength).writeShort(supportedBufferFormats).writeByte(flags).writeZero(25);
    }
}
