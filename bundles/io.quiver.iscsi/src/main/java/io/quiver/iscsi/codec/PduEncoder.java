package io.quiver.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.quiver.iscsi.pdu.IscsiPdu;
import java.util.List;

/**
 * Writes an {@link IscsiPdu} as BHS (+ AHS, + header digest) and data segment (+ padding, + data digest)
 * buffers handed to the transport one after another, a gathering write: the data segment is never copied.
 * Digests are switched on by the login when the final Login Response has been written. Not
 * {@code @Sharable}; runs on its channel's event loop.
 */
public final class PduEncoder extends MessageToMessageEncoder<IscsiPdu> {

    private final Crc32cDigest digest = new Crc32cDigest();
    private boolean headerDigest;
    private boolean dataDigest;

    public PduEncoder() {
        super(IscsiPdu.class);
    }

    public void setHeaderDigest(boolean enabled) {
        headerDigest = enabled;
    }

    public void setDataDigest(boolean enabled) {
        dataDigest = enabled;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, IscsiPdu pdu, List<Object> out) {
        pdu.updateLengths();
        ByteBuf ahs = pdu.ahs();
        ByteBuf data = pdu.data();
        int ahsPad = (4 - (ahs.readableBytes() & 3)) & 3;
        int dataLength = data.readableBytes();
        int dataPad = (4 - (dataLength & 3)) & 3;
        int headerLength = IscsiPdu.BHS_LENGTH + ahs.readableBytes() + ahsPad + (headerDigest ? Crc32cDigest.LENGTH : 0);

        ByteBuf header = ctx.alloc().directBuffer(headerLength);
        header.writeBytes(pdu.bhs(), pdu.bhs().readerIndex(), IscsiPdu.BHS_LENGTH);
        header.writeBytes(ahs, ahs.readerIndex(), ahs.readableBytes());
        header.writeZero(ahsPad);
        if (headerDigest) {
            header.writeIntLE(digest.reset().update(header, 0, header.writerIndex()).value());
        }
        out.add(header);
        if (dataLength == 0) {
            return;
        }
        out.add(data.retainedSlice());
        int trailerLength = dataPad + (dataDigest ? Crc32cDigest.LENGTH : 0);
        if (trailerLength > 0) {
            ByteBuf trailer = ctx.alloc().directBuffer(trailerLength);
            trailer.writeZero(dataPad);
            if (dataDigest) {
                trailer.writeIntLE(digest.reset().update(data, data.readerIndex(), dataLength).updateZeros(dataPad).value());
            }
            out.add(trailer);
        }
    }
}
