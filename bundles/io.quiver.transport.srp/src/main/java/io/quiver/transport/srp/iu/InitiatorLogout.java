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
        return new InitiatorLogout(IuChecks.tagOnly(iu, Srp.I_LOGOUT, "SRP_I_LOGOUT"));
    }

    @Override
    public void encode(ByteBuf out) {
        IuChecks.writeTagOnly(out, Srp.I_LOGOUT, tag);
    }
}
