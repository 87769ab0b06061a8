package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * SRP_CRED_RSP (SRP r16a 6.11, 16 bytes): the initiator acknowledges an SRP_CRED_REQ. It uses no credit.
 *
 * @param tag TAG of the SRP_CRED_REQ
 */
public record CreditResponse(long tag) implements SrpIu {

    @Override
    public int opcode() {
        return Srp.CRED_RSP;
    }

    /** Decodes the 16-byte IU; any other length ends the channel. */
    public static CreditResponse decode(ByteBuf iu) throws SrpProtocolException {
        return new CreditResponse(IuChecks.tagOnly(iu, Srp.CRED_RSP, "SRP_CRED_RSP"));
    }

    @Override
    public void encode(ByteBuf out) {
        IuChecks.writeTagOnly(out, Srp.CRED_RSP, tag);
    }
}
