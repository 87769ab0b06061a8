package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * SRP_RSP (SRP r16a 6.9, 36 bytes plus response data and sense data, in that order): the end of an SRP_CMD or
 * SRP_TSK_MGMT, returning request-limit credits. Residual counts are unsigned 32-bit values whose meaning the
 * over/underflow flags give. Decoded sense and response data are slices of the received IU, not retained.
 *
 * @param solicitedNotification the SOLNT bit
 * @param requestLimitDelta REQUEST LIMIT DELTA
 * @param tag TAG of the request
 * @param flags {@link #RSPVALID}, {@link #SNSVALID}, {@link #DOOVER}, {@link #DOUNDER}, {@link #DIOVER},
 *        {@link #DIUNDER}
 * @param status SCSI STATUS
 * @param dataOutResidual DATA-OUT RESIDUAL COUNT
 * @param dataInResidual DATA-IN RESIDUAL COUNT
 * @param responseData RESPONSE DATA (empty unless {@link #RSPVALID})
 * @param sense SENSE DATA (empty unless {@link #SNSVALID})
 */
public record ResponseIu(boolean solicitedNotification, int requestLimitDelta, long tag, int flags, int status,
        long dataOutResidual, long dataInResidual, ByteBuf responseData, ByteBuf sense) implements SrpIu {

    public static final int RSPVALID = 1;
    public static final int SNSVALID = 1 << 1;
    public static final int DOOVER = 1 << 2;
    public static final int DOUNDER = 1 << 3;
    public static final int DIOVER = 1 << 4;
    public static final int DIUNDER = 1 << 5;
    /** Bytes of the response data SRP r16a defines (RSP_CODE in the last byte). */
    public static final int RESPONSE_DATA_LENGTH = 4;

    @Override
    public int opcode() {
        return Srp.RSP;
    }

    /**
     * A command's response.
     *
     * @param sense sense bytes (empty buffer for none), copied when encoded
     * @param dataOutResidual positive for underflow, negative for overflow
     * @param dataInResidual positive for underflow, negative for overflow
     */
    public static ResponseIu command(long tag, int requestLimitDelta, int status, ByteBuf sense, long dataOutResidual,
            long dataInResidual) {
        int flags = (sense.isReadable() ? SNSVALID : 0) | residualFlags(dataOutResidual, DOOVER, DOUNDER)
                | residualFlags(dataInResidual, DIOVER, DIUNDER);
        return new ResponseIu(false, requestLimitDelta, tag, flags, status, Math.abs(dataOutResidual),
                Math.abs(dataInResidual), Unpooled.EMPTY_BUFFER, sense);
    }

    /** A response carrying only an RSP_CODE: a task management outcome. */
    public static ResponseIu responseCode(long tag, int requestLimitDelta, SrpResponseCode code) {
        return new ResponseIu(false, requestLimitDelta, tag, RSPVALID, 0, 0, 0,
                Unpooled.wrappedBuffer(new byte[] {0, 0, 0, (byte) code.code()}), Unpooled.EMPTY_BUFFER);
    }

    /** An SRP_CMD refused for invalid fields: CHECK CONDITION with sense and RSP_CODE 02h. */
    public static ResponseIu invalidCommand(long tag, int requestLimitDelta, ByteBuf sense) {
        return new ResponseIu(false, requestLimitDelta, tag, RSPVALID | SNSVALID, 0x02, 0, 0,
                Unpooled.wrappedBuffer(new byte[] {0, 0, 0, (byte) SrpResponseCode.INVALID_FIELDS.code()}), sense);
    }

    private static int residualFlags(long residual, int over, int under) {
        return residual > 0 ? under : residual < 0 ? over : 0;
    }

    /** The RSP_CODE, or {@code null} without {@link #RSPVALID}. */
    public SrpResponseCode responseCode() {
        if ((flags & RSPVALID) == 0 || responseData.readableBytes() < RESPONSE_DATA_LENGTH) {
            return null;
        }
        return SrpResponseCode.fromCode(responseData.getUnsignedByte(responseData.readerIndex() + 3));
    }

    /** The IU's length once encoded. */
    public int encodedLength() {
        return Srp.RSP_LENGTH + responseData.readableBytes() + sense.readableBytes();
    }

    /**
     * Decodes one SRP_RSP: the lengths must add up to the IU's, a flag must not say both over- and underflow.
     */
    public static ResponseIu decode(ByteBuf iu) throws SrpProtocolException {
        IuChecks.opcode(iu, Srp.RSP);
        int i = iu.readerIndex();
        if (iu.readableBytes() < Srp.RSP_LENGTH) {
            throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "IU length",
                    "SRP_RSP has at least 36 bytes, received " + iu.readableBytes());
        }
        int flags = iu.getUnsignedByte(i + 18);
        long senseLength = (flags & SNSVALID) != 0 ? iu.getUnsignedInt(i + 28) : 0;
        long responseLength = (flags & RSPVALID) != 0 ? iu.getUnsignedInt(i + 32) : 0;
        if (Srp.RSP_LENGTH + senseLength + responseLength != iu.readableBytes()) {
            throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "SENSE DATA LIST LENGTH",
                    "sense " + senseLength + " + response " + responseLength + " do not fill the IU of "
                            + iu.readableBytes());
        }
        if ((flags & (DOOVER | DOUNDER)) == (DOOVER | DOUNDER) || (flags & (DIOVER | DIUNDER)) == (DIOVER | DIUNDER)) {
            throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "flags", "both overflow and underflow");
        }
        int data = i + Srp.RSP_LENGTH;
        return new ResponseIu((iu.getByte(i + 1) & Srp.SOLICITED_NOTIFICATION) != 0, iu.getInt(i + 4),
                iu.getLong(i + 8), flags, iu.getUnsignedByte(i + 19), iu.getUnsignedInt(i + 20),
                iu.getUnsignedInt(i + 24), iu.slice(data, (int) responseLength),
                iu.slice(data + (int) responseLength, (int) senseLength));
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(Srp.RSP).writeByte(solicitedNotification ? Srp.SOLICITED_NOTIFICATION : 0).writeZero(2)
                .writeInt(requestLimitDelta).writeLong(tag).writeZero(2).writeByte(flags).writeByte(status)
                .writeInt((int) dataOutResidual).writeInt((int) dataInResidual).writeInt(sense.readableBytes())
                .writeInt(responseData.readableBytes())
                .writeBytes(responseData, responseData.readerIndex(), responseData.readableBytes())
                .writeBytes(sense, sense.readerIndex(), sense.readableBytes());
    }
}
