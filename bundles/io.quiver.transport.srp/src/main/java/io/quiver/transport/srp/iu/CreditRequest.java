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
        return new CreditRequest(IuChecks.solicited(iu), iu.getInt(i + 4),
                iu.getLong(i + 8));
    }

    @Override
    public void encode(ByteBuf out) {
        IuChecks.writeSolicited(out, Srp.CRED_REQ, solicitedNotification, requestLimitDelta, tag);
    }
}
