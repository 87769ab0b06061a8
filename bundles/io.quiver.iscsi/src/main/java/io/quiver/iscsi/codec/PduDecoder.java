package io.quiver.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import io.quiver.iscsi.pdu.RejectPdu;
import java.util.List;

/**
 * Frames the byte stream into {@link IscsiPdu}s (RFC 7143, 11.2) with an explicit state per PDU part:
 * BHS, AHS, header digest, data segment, padding, data digest, and BAD_MESSAGE once framing is lost. Parts are
 * retained slices of the input, never copies (a large data segment's reads are composed, not merged:
 * {@link SegmentCumulator}). The data segment length is checked against the negotiated
 * MaxRecvDataSegmentLength before anything is held for it.
 *
 * <p>Malformed input becomes a {@link MalformedPdu} message: recoverable ones (a data digest error) let the
 * connection go on; fatal ones switch to BAD_MESSAGE, which discards everything after. Never
 * {@code @Sharable}; runs on its channel's event loop; the digest and limit setters are called there too.
 */
public final class PduDecoder extends ByteToMessageDecoder {

    enum State { BHS, AHS, HEADER_DIGEST, DATA, PADDING, DATA_DIGEST, BAD_MESSAGE }

    /** MaxRecvDataSegmentLength during login (RFC 7143, 6.1: 8192 until negotiated). */
    public static final int LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH = 8192;

    private final Crc32cDigest digest = new Crc32cDigest();
    private State state = State.BHS;
    private boolean headerDigest;
    private boolean dataDigest;
    private int maxRecvDataSegmentLength = LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH;

    private ByteBuf bhs;
    private ByteBuf ahs;
    private ByteBuf data;

    public PduDecoder() {
        setCumulator(new SegmentCumulator(this::receivingLargeSegment));
    }

    public void setHeaderDigest(boolean enabled) {
        headerDigest = enabled;
    }

    public void setDataDigest(boolean enabled) {
        dataDigest = enabled;
    }

    public void setMaxRecvDataSegmentLength(int length) {
        maxRecvDataSegmentLength = length;
    }

    State state() {
        return state;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case BHS:
                if (in.readableBytes() < IscsiPdu.BHS_LENGTH) {
                    return;
                }
                bhs = in.readRetainedSlice(IscsiPdu.BHS_LENGTH);
                int dsl = bhs.getUnsignedMedium(bhs.readerIndex() + 5);
                if (Opcode.of(bhs.getByte(bhs.readerIndex())) == null) {
                    fail(out, "reserved opcode", RejectPdu.PROTOCOL_ERROR);
                    return;
                }
                if (dsl > maxRecvDataSegmentLength) {
                    fail(out, "DataSegmentLength " + dsl + " exceeds MaxRecvDataSegmentLength "
                            + maxRecvDataSegmentLength, RejectPdu.PROTOCOL_ERROR);
                    return;
                }
                state = State.AHS;
                // fall through
            case AHS:
                int ahsLength = (bhs.getByte(bhs.readerIndex() + 4) & 0xFF) * 4;
                if (in.readableBytes() < ahsLength) {
                    return;
                }
                ahs = ahsLength == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice(ahsLength);
                state = State.HEADER_DIGEST;
                // fall through
            case HEADER_DIGEST:
                if (headerDigest) {
                    if (in.readableBytes() < Crc32cDigest.LENGTH) {
                        return;
                    }
                    int expected = digest.reset().update(bhs, bhs.readerIndex(), IscsiPdu.BHS_LENGTH)
                            .update(ahs, ahs.readerIndex(), ahs.readableBytes()).value();
                    if (in.readIntLE() != expected) {
                        // The length fields cannot be trusted: framing is lost (RFC 7143, 7.8).
                        fail(out, "header digest error", RejectPdu.PROTOCOL_ERROR);
                        return;
                    }
                }
                state = State.DATA;
                // fall through
            case DATA:
                int length = dataSegmentLength();
                if (in.readableBytes() < length) {
                    return;
                }
                data = length == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice(length);
                state = State.PADDING;
                // fall through
            case PADDING:
                int pad = padding(dataSegmentLength());
                if (in.readableBytes() < pad) {
                    return;
                }
                in.skipBytes(pad);
                state = State.DATA_DIGEST;
                // fall through
            case DATA_DIGEST:
                if (dataDigest && dataSegmentLength() > 0) {
                    if (in.readableBytes() < Crc32cDigest.LENGTH) {
                        return;
                    }
                    int expected = digest.reset().update(data, data.readerIndex(), data.readableBytes())
                            .updateZeros(padding(data.readableBytes())).value();
                    if (in.readIntLE() != expected) {
                        MalformedPdu bad = new MalformedPdu("data digest error", RejectPdu.DATA_DIGEST_ERROR, false, bhs);
                        bhs = null;
                        releaseParts();
                        state = State.BHS;
                        out.add(bad);
                        return;
                    }
                }
                out.add(new IscsiPdu(bhs, ahs, data));
                bhs = null;
                ahs = null;
                data = null;
                state = State.BHS;
                return;
            case BAD_MESSAGE:
                in.skipBytes(in.readableBytes());
                return;
            default:
                throw new IllegalStateException(state.toString());
        }
    }

    private boolean receivingLargeSegment() {
        return state == State.DATA && dataSegmentLength() >= SegmentCumulator.COMPOSE_MIN;
    }

    private int dataSegmentLength() {
        return bhs.getUnsignedMedium(bhs.readerIndex() + 5);
    }

    private static int padding(int length) {
        return (4 - (length & 3)) & 3;
    }

    private void fail(List<Object> out, String reason, int rejectReason) {
        out.add(new MalformedPdu(reason, rejectReason, true, bhs));
        bhs = null;
        releaseParts();
        state = State.BAD_MESSAGE;
    }

    private void releaseParts() {
        if (bhs != null) {
            bhs.release();
            bhs = null;
        }
        if (ahs != null) {
            ahs.release();
            ahs = null;
        }
        if (data != null) {
            data.release();
            data = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseParts();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        releaseParts();
    }
}
