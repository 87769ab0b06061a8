package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * SRP_LOGIN_REJ (SRP r16a 6.4, 32 bytes): why a login failed and, for
 * {@link LoginRejectReason#UNSUPPORTED_DESCRIPTOR_FORMAT}, which buffer formats the target supports. Over
 * RDMA CM it is the private data of the reject.
 *
 * @param reason REASON
 * @param tag TAG of the login request
 * @param supportedBufferFormats SUPPORTED BUFFER FORMATS
 */
public record LoginReject(LoginRejectReason reason, long tag, int supportedBufferFormats) implements SrpIu {

    @Override
    public int opcode() {
        return Srp.LOGIN_REJ;
    }

    /**
     * Decodes the 32-byte IU (or reject private data, which may be longer).
     *
     * @throws SrpProtocolException if shorter, of another type, or with a reserved reason
     */
    public static LoginReject decode(ByteBuf iu) throws SrpProtocolException {
        int i = iu.readerIndex();
        if (iu.readableBytes() < Srp.LOGIN_REJ_LENGTH || iu.getUnsignedByte(i) != Srp.LOGIN_REJ) {
            throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "IU TYPE",
                    "not a 32-byte SRP_LOGIN_REJ (" + iu.readableBytes() + " bytes)");
        }
        LoginRejectReason reason;
        try {
            reason = LoginRejectReason.fromCode(iu.getInt(i + 4));
        } catch (IllegalArgumentException e) {
            throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "REASON", e.getMessage());
        }
        return new LoginReject(reason, iu.getLong(i + 8), iu.getUnsignedShort(i + 24));
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(Srp.LOGIN_REJ).writeZero(3).writeInt(reason.code()).writeLong(tag).writeZero(8)
                .writeShort(supportedBufferFormats).writeZero(6);
    }
}
