package io.quiver.transport.fcoe.impl.frame;

import io.netty.buffer.ByteBuf;

/**
 * The 24-byte Fibre Channel frame header (FC-FS-3 9): routing, addresses, type, frame control, sequence and
 * exchange identifiers and the parameter field (relative offset for data frames). Immutable.
 *
 * @param rCtl routing control (ELS request 0x22, ELS reply 0x23, FCP command 0x06...)
 * @param dId destination port ID (24 bits)
 * @param sId source port ID (24 bits)
 * @param type data structure type (0x01 ELS, 0x08 FCP, 0x00 BLS)
 * @param fCtl frame control (24 bits, {@link FrameControl})
 */
public record FcHeader(int rCtl, int dId, int csCtl, int sId, int type, int fCtl, int seqId, int dfCtl, int seqCnt,
        int oxId, int rxId, int parameter) {

    /** Bytes in the header. */
    public static final int LENGTH = 24;

    /** R_CTL values used here. */
    public static final int R_CTL_DATA = 0x01;
    public static final int R_CTL_XFER_RDY = 0x05;
    public static final int R_CTL_FCP_CMND = 0x06;
    public static final int R_CTL_FCP_RSP = 0x07;
    public static final int R_CTL_ELS_REQ = 0x22;
    public static final int R_CTL_ELS_REP = 0x23;
    /** FC-4 link service request and reply (FCP's SRR, FCP-4 10.x). */
    public static final int R_CTL_FC4_LS_REQ = 0x32;
    public static final int R_CTL_FC4_LS_REP = 0x33;
    public static final int R_CTL_ABTS = 0x81;
    public static final int R_CTL_BA_ACC = 0x84;
    public static final int R_CTL_BA_RJT = 0x85;

    /** TYPE values used here. */
    public static final int TYPE_BLS = 0x00;
    public static final int TYPE_ELS = 0x01;
    public static final int TYPE_FCP = 0x08;

    /** The header at {@code buf}'s reader index, which is left unchanged. */
    public static FcHeader read(ByteBuf buf, int at) {
        return new FcHeader(buf.getUnsignedByte(at), buf.getUnsignedMedium(at + 1), buf.getUnsignedByte(at + 4),
                buf.getUnsignedMedium(at + 5), buf.getUnsignedByte(at + 8), buf.getUnsignedMedium(at + 9),
                buf.getUnsignedByte(at + 12), buf.getUnsignedByte(at + 13), buf.getUnsignedShort(at + 14),
                buf.getUnsignedShort(at + 16), buf.getUnsignedShort(at + 18), buf.getInt(at + 20));
    }

    /** Appends the 24 bytes to {@code out}. */
    public void write(ByteBuf out) {
        out.writeByte(rCtl).writeMedium(dId).writeByte(csCtl).writeMedium(sId).writeByte(type).writeMedium(fCtl)
                .writeByte(seqId).writeByte(dfCtl).writeShort(seqCnt).writeShort(oxId).writeShort(rxId)
                .writeInt(parameter);
    }

    /**
     * The header of a reply on the same exchange: addresses swapped, OX_ID/RX_ID kept, the given R_CTL,
     * TYPE and F_CTL, sequence fields of a new sequence.
     */
    public FcHeader reply(int replyRCtl, int replyType, int replyFCtl, int replySeqId, int replyRxId) {
        return new FcHeader(replyRCtl, sId, 0, dId, replyType, replyFCtl, replySeqId, 0, 0, oxId, replyRxId, 0);
    }

    /** A copy with another sequence count, F_CTL and parameter (frames of one multi-frame sequence). */
    public FcHeader frame(int count, int frameFCtl, int frameParameter) {
        return new FcHeader(rCtl, dId, csCtl, sId, type, frameFCtl, seqId, dfCtl, count, oxId, rxId, frameParameter);
    }
}
