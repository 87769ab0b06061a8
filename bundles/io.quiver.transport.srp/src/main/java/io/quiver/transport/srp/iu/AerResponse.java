package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * SRP_AER_RSP (SRP r16a 6.13, 16 bytes): the initiator acknowledges an SRP_AER_REQ. It uses no credit.
 *
 * @param tag TAG of the SRP_AER_REQ
 */
public record AerResponse(long tag) implements SrpIu {

    @Override
    public int opcode() {
        return Srp.AER_RSP;
    }

    /** Decodes the 16-byte IU; any other length ends the channel. */
    public static AerResponse decode(ByteBuf iu) throws SrpProtocolException {
        return new AerResponse(IuChecks.tagOnly(iu, Srp.AER_RSP, "SRP_AER_RSP"));
    }

    @Override
    public void encode(ByteBuf out) {
        IuChecks.writeTagOnly(out, Srp.AER_RSP, tag);
    }
}
