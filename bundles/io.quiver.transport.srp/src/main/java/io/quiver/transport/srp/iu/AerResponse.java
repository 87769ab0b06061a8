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
        IuChecks.opcode(iu, Srp.AER_RSP);
        IuChecks.exactLength(iu, Srp.SHORT_IU_LENGTH, "SRP_AER_RSP");
        return new AerResponse(iu.getLong(iu.readerIndex() + 8));
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(Srp.AER_RSP).writeZero(7).writeLong(tag);
    }
}
