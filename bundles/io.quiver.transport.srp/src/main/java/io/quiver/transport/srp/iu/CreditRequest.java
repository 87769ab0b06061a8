package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * SRP_CRED_REQ (SRP r16a 6.10, 16 bytes): the target grants request-limit credits outside a response; the
 * initiator answers with {@link CreditResponse} of the same tag.
 *
 * @param solicitedNotification the SOLNT bit
 * @param requestLimitDelta REQUEST LIMIT DELTA
 * @param tag TAG
 */
public record CreditRequest(boolean solicitedNotification, int requestLimitDelta, long tag) implements SrpIu {

    @Override
    public int opcode() {
        return Srp.CRED_REQ;
    }

    /** Decodes the 16-byte IU. */
    public static CreditRequest decode(ByteBuf iu) throws SrpProtocolException {
        IuChecks.opcode(iu, Srp.CRED_REQ);
        IuChecks.exactLength(iu, Srp.SHORT_IU_LENGTH, "SRP_CRED_REQ");
        int i = iu.readerIndex();
        return new CreditRequest((iu.getByte(i + 1) & Srp.SOLICITED_NOTIFICATION) != 0, iu.getInt(i + 4),
                iu.getLong(i + 8));
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(Srp.CRED_REQ).writeByte(solicitedNotification ? Srp.SOLICITED_NOTIFICATION : 0).writeZero(2)
                .writeInt(requestLimitDelta).writeLong(tag);
    }
}
