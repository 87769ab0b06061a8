package io.quiver.transport.iscsi.impl.iser;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.iscsi.codec.MalformedPdu;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import io.quiver.iscsi.pdu.RejectPdu;

/**
 * One iSER SEND message of the full feature or login phase, split into its iSER header and the iSCSI
 * control-type PDU behind it (RFC 7145, 7.3): BHS, AHS and data segment as retained slices of the message, no
 * copies. iSER negotiates no digests and sends no padding (Linux's ib_iser sends the data segment's exact
 * length); up to three bytes of padding after the data segment are tolerated, anything longer is an error.
 * Exactly one of {@link #pdu} and {@link #malformed} is set; the caller owns and releases it.
 *
 * @param malformed an iSCSI-level error in a well-framed message (reserved opcode, data segment over the
 *        limit): rejected the way the TCP decoder's {@link MalformedPdu} is; message boundaries stay intact
 */
public record IserFrame(IserHeader header, IscsiPdu pdu, MalformedPdu malformed) {

    /**
     * Decodes {@code message} (a received SEND, from its reader index); the message's reference count is
     * untouched: the frame's parts are retained slices of it.
     *
     * @param maxRecvDataSegmentLength the data segment limit this side announced (8192 during login, then the
     *        negotiated TargetRecvDataSegmentLength)
     * @throws IserProtocolException when the message breaks the iSER layer; nothing is retained then
     */
    public static IserFrame decode(ByteBuf message, int maxRecvDataSegmentLength) throws IserProtocolException {
        ByteBuf in = message.duplicate();
        IserHeader header = IserHeader.decode(in);
        if (header.opcode() != IserHeader.ISCSI_CONTROL) {
            throw new IserProtocolException("iSER Hello or HelloReply on an established connection");
        }
        if (in.readableBytes() < IscsiPdu.BHS_LENGTH) {
            throw new IserProtocolException("iSER message without a whole iSCSI BHS (" + in.readableBytes()
                    + " bytes after the iSER header)");
        }
        int bhsAt = in.readerIndex();
        int ahsLength = (in.getUnsignedByte(bhsAt + 4)) * 4;
        int dataLength = in.getUnsignedMedium(bhsAt + 5);
        int need = IscsiPdu.BHS_LENGTH + ahsLength + dataLength;
        if (in.readableBytes() < need || in.readableBytes() > need + 3) {
            throw new IserProtocolException("iSCSI PDU of " + need + " bytes in an iSER message carrying "
                    + in.readableBytes());
        }
        if (Opcode.of(in.getByte(bhsAt)) == null) {
            return malformed(header, in, "reserved opcode");
        }
        if (dataLength > maxRecvDataSegmentLength) {
            return malformed(header, in, "DataSegmentLength " + dataLength + " exceeds "
                    + maxRecvDataSegmentLength);
        }
        ByteBuf bhs = in.readRetainedSlice(IscsiPdu.BHS_LENGTH);
        ByteBuf ahs = ahsLength == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice(ahsLength);
        ByteBuf data = dataLength == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice(dataLength);
        return new IserFrame(header, new IscsiPdu(bhs, ahs, data), null);
    }

    /** Framing holds, so the PDU is rejected and the connection goes on, unlike on TCP where the stream is lost. */
    private static IserFrame malformed(IserHeader header, ByteBuf in, String reason) {
        ByteBuf bhs = in.readRetainedSlice(IscsiPdu.BHS_LENGTH);
        return new IserFrame(header, null, new MalformedPdu(reason, RejectPdu.PROTOCOL_ERROR, false, bhs));
    }

    /**
     * Writes the target's iSER header and {@code pdu} (BHS, AHS, data segment, no padding) into {@code out}, a
     * SEND buffer; {@code pdu} stays the caller's. Fills in the BHS length fields, as the TCP encoder does.
     */
    public static void encode(IscsiPdu pdu, ByteBuf out) {
        pdu.updateLengths();
        IserHeader.TARGET_CONTROL.encode(out);
        out.writeBytes(pdu.bhs(), pdu.bhs().readerIndex(), pdu.bhs().readableBytes());
        out.writeBytes(pdu.ahs(), pdu.ahs().readerIndex(), pdu.ahs().readableBytes());
        out.writeBytes(pdu.data(), pdu.data().readerIndex(), pdu.data().readableBytes());
    }

    /** Bytes {@link #encode} writes for {@code pdu}. */
    public static int encodedLength(IscsiPdu pdu) {
        return IserHeader.LENGTH + pdu.bhs().readableBytes() + pdu.ahs().readableBytes()
                + pdu.data().readableBytes();
    }
}
