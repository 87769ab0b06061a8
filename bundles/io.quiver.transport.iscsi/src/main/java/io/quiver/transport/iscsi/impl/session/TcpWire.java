package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.quiver.iscsi.codec.MalformedPdu;
import io.quiver.iscsi.codec.PduDecoder;
import io.quiver.iscsi.codec.PduEncoder;
import io.quiver.iscsi.login.OperationalParameters;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.transport.iscsi.impl.login.IserKeys;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP wire of one iSCSI connection: the last handler of a portal channel's pipeline (after
 * {@link PduDecoder} and {@link PduEncoder}). Feeds decoded PDUs to the connection's {@link IscsiConnection},
 * writes its PDUs to the channel, coalesces flushes to one per read burst or event-loop turn, and applies TCP
 * back-pressure to an initiator that does not read. One instance per channel, used on its event loop only;
 * allocation-free per PDU.
 */
public final class TcpWire extends ChannelInboundHandlerAdapter implements IscsiWire {

    private static final Logger LOG = LoggerFactory.getLogger(TcpWire.class);

    private final TargetDirectory directory;
    private final ConnectionSettings settings;
    private ChannelHandlerContext ctx;
    private IscsiInbound inbound;
    /** Between channelRead and channelReadComplete: the read burst's end flushes. */
    private boolean reading;
    private boolean flushScheduled;
    private final Runnable scheduledFlush = () -> {
        flushScheduled = false;
        flush();
    };

    public TcpWire(TargetDirectory directory, ConnectionSettings settings) {
        this.directory = directory;
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        inbound = new IscsiConnection(directory, settings, this);
        inbound.active();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        if (msg instanceof IscsiPdu pdu) {
            inbound.received(pdu);
        } else if (msg instanceof MalformedPdu bad) {
            inbound.malformed(bad);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The read burst ended: one flush for everything it answered. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        flush();
        ctx.fireChannelReadComplete();
    }

    /**
     * Stops reading while the outbound buffer is above its high watermark: an initiator that does not read its
     * responses then stops being read and TCP pushes back on it, instead of the target queueing answers.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (inbound != null) {
            inbound.closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection from {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public void write(IscsiPdu pdu) {
        ctx.write(pdu, ctx.voidPromise());
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    /**
     * Inside a read burst the burst's end flushes (channelReadComplete); otherwise one flush task goes behind
     * the tasks already queued, so completions that arrive together from device threads leave in one write.
     */
    @Override
    public void flushSoon() {
        if (reading || flushScheduled) {
            return;
        }
        flushScheduled = true;
        try {
            ctx.executor().execute(scheduledFlush);
        } catch (RejectedExecutionException e) {
            scheduledFlush.run();
        }
    }

    @Override
    public void flushAndClose() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        ctx.close();
    }

    @Override
    public boolean isActive() {
        return ctx != null && ctx.channel().isActive();
    }

    @Override
    public SocketAddress remoteAddress() {
        return ctx == null ? null : ctx.channel().remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return ctx == null ? null : ctx.channel().localAddress();
    }

    /** TCP moves data in Data-In PDUs and answers R2Ts with Data-Out PDUs. */
    @Override
    public boolean placesData() {
        return false;
    }

    @Override
    public void dataIn(int itt, ByteBuf data) {
        data.release();
        throw new UnsupportedOperationException("TCP carries Data-In in PDUs");
    }

    @Override
    public void solicitDataOut(int itt, int ttt, int offset, int length) {
        throw new UnsupportedOperationException("TCP solicits Data-Out with R2Ts");
    }

    /** TCP: no iSER keys. */
    @Override
    public IserKeys iserKeys() {
        return null;
    }

    /** The final Login Response is already encoded: digests and the new limit apply from the next PDU. */
    @Override
    public void fullFeaturePhase(OperationalParameters p) {
        PduEncoder encoder = ctx.pipeline().get(PduEncoder.class);
        encoder.setHeaderDigest(p.headerDigest());
        encoder.setDataDigest(p.dataDigest());
        PduDecoder decoder = ctx.pipeline().get(PduDecoder.class);
        decoder.setHeaderDigest(p.headerDigest());
        decoder.setDataDigest(p.dataDigest());
        decoder.setMaxRecvDataSegmentLength(p.targetMaxRecvDataSegmentLength());
    }
}
