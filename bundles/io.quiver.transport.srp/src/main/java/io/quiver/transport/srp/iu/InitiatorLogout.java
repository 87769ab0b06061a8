package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * SRP_I_LOGOUT (SRP r16a 6.5, 16 bytes): the initiator ends the RDMA channel; no response follows.
 *
 * @param tag TAG
 */
public record InitiatorLogout(long tag) implements SrpIu {

    @Override
    public int opcode() {
        return Srp.I_LOGOUT;
    }

    /** Decodes the 16-byte IU; any other length ends the channel. */
    public static InitiatorLogout decode(ByteBuf iu) throws SrpProtocolException {
        IuChecks.opcode(iu, Srp.I_LOGOUT);
        IuChecks.exactLength(iu, Srp.SHORT_IU_LENGTH, "SRP_I_LOGOUT");
        return new InitiatorLogout(iu.getLong(iu.readerIndex() + 8));
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(Srp.I_LOGOUT).writeZero(7).writeLong(tag);
    }
}
