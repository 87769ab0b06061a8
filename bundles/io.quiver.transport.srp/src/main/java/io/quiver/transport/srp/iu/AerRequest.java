package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * SRP_AER_REQ (SRP r16a 6.12, 36 bytes plus sense data): the target reports an asynchronous event (a unit
 * attention) for a logical unit, and may grant credits with it; the initiator answers with
 * {@link AerResponse}. The decoded sense is a slice of the received buffer.
 *
 * @param solicitedNotification the SOLNT bit
 * @param requestLimitDelta REQUEST LIMIT DELTA
 * @param tag TAG
 * @param lun LOGICAL UNIT NUMBER
 * @param sense SENSE DATA (readable bytes), not retained
 */
public record AerRequest(boolean solicitedNotification, int requestLimitDelta, long tag, long lun, ByteBuf sense)
        implements SrpIu {

    @Override
    public int opcode() {
        return Srp.AER_REQ;
    }

    /** Decodes the IU: 36 bytes and exactly SENSE DATA LIST LENGTH more. */
    public static AerRequest decode(ByteBuf iu) throws SrpProtocolException {
        IuChecks.opcode(iu, Srp.AER_REQ);
        int i = iu.readerIndex();
        if (iu.readableBytes() < Srp.AER_REQ_LENGTH) {
            throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "IU length",
                    "SRP_AER_REQ has at least 36 bytes, received " + iu.readableBytes());
        }
        long senseLength = iu.getUnsignedInt(i + 28);
        if (senseLength != iu.readableBytes() - Srp.AER_REQ_LENGTH) {
            throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "SENSE DATA LIST LENGTH",
                    senseLength + " does not match the " + (iu.readableBytes() - Srp.AER_REQ_LENGTH) + " bytes after the header");
        }
        return new AerRequest((iu.getByte(i + 1) & Srp.SOLICITED_NOTIFICATION) != 0, iu.getInt(i + 4),
                iu.getLong(i + 8), iu.getLong(i + 20), iu.slice(i + Srp.AER_REQ_LENGTH, (int) senseLength));
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(Srp.AER_REQ).writeByte(solicitedNotification ? Srp.SOLICITED_NOTIFICATION : 0).writeZero(2)
                .writeInt(requestLimitDelta).writeLong(tag).writeZero(4).writeLong(lun)
                .writeInt(sense.readableBytes()).writeZero(4).writeBytes(sense, sense.readerIndex(), sense.readableBytes());
    }
}
