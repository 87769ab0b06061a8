package io.quiver.transport.iscsi.impl.session;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.quiver.transport.iscsi.impl.codec.MalformedPdu;
import io.quiver.transport.iscsi.impl.pdu.AsyncMessagePdu;
import io.quiver.transport.iscsi.impl.pdu.DataPdu;
import io.quiver.transport.iscsi.impl.pdu.IscsiPdu;
import io.quiver.transport.iscsi.impl.pdu.Opcode;
import io.quiver.transport.iscsi.impl.pdu.RejectPdu;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One iSCSI connection: the login phase, then the full feature phase of its session. Stamps StatSN,
 * ExpCmdSN and MaxCmdSN on every PDU it sends, turns malformed input into a Reject (and a drop when framing
 * is lost), flushes once per read burst, and ends the session when the channel closes. One instance per
 * channel, used on its event loop only; the {@code ...FromAnyThread} methods hop onto it.
 */
public final class IscsiConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(IscsiConnection.class);

    private final TargetDirectory directory;
    private final ConnectionSettings settings;
    private ChannelHandlerContext ctx;
    private LoginPhase loginPhase;
    private IscsiSession session;
    private FullFeaturePhase fullFeature;
    private NopInPinger pinger;
    private ScheduledFuture<?> timer;
    private int statSn;
    private boolean logoutRequested;
    /** Between channelRead and channelReadComplete: the read burst's end flushes. */
    private boolean reading;
    private boolean flushScheduled;
    private final Runnable scheduledFlush = () -> {
        flushScheduled = false;
        ctx.flush();
    };

    public IscsiConnection(TargetDirectory directory, ConnectionSettings settings) {
        this.directory = directory;
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        loginPhase = new LoginPhase(this, directory, ctx);
        if (settings.loginTimeout() > 0) {
            timer = ctx.executor().schedule(() -> {
                if (session == null) {
                    LOG.info("login timeout from {}", ctx.channel().remoteAddress());
                    ctx.close();
                }
            }, settings.loginTimeout(), TimeUnit.SECONDS);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        try {
            if (msg instanceof MalformedPdu) {
                malformed((MalformedPdu) msg);
            } else if (msg instanceof IscsiPdu) {
                IscsiPdu pdu = (IscsiPdu) msg;
                if (fullFeature != null) {
                    fullFeature.handle(pdu);
                } else {
                    loginRequest(pdu);
                }
            }
        } finally {
            if (msg instanceof MalformedPdu) {
                ((MalformedPdu) msg).release();
            } else {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    private void malformed(MalformedPdu bad) {
        LOG.debug("{} from {}", bad, ctx.channel().remoteAddress());
        if (bad.bhs() != null && fullFeature != null) {
            send(RejectPdu.of(ctx.alloc(), bad.rejectReason(), bad.bhs()));
        }
        if (bad.isFatal() || fullFeature == null) {
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void loginRequest(IscsiPdu pdu) {
        IscsiSession s = loginPhase.handle(pdu);
        if (s == null) {
            return;
        }
        fullFeature = new FullFeaturePhase(this, s, directory);
        if (timer != null) {
            timer.cancel(false);
        }
        if (settings.nopInInterval() > 0) {
            pinger = new NopInPinger(this, s, settings);
        }
    }

    /** Called by the login when it opened the session, before the final Login Response is sent. */
    void sessionOpened(IscsiSession s) {
        session = s;
    }

    /**
     * Sends a PDU (written, not flushed): fills in StatSN (advancing it for PDUs that carry status),
     * ExpCmdSN and MaxCmdSN.
     */
    void send(IscsiPdu pdu) {
        Opcode op = pdu.opcode();
        boolean advances = op != Opcode.READY_TO_TRANSFER && op != Opcode.SCSI_DATA_IN
                && !(op == Opcode.NOP_IN && pdu.initiatorTaskTag() == IscsiPdu.RESERVED_TAG)
                || DataPdu.carriesStatus(pdu);
        if (op != Opcode.SCSI_DATA_IN || advances) {
            pdu.setInt(24, advances ? statSn++ : statSn);
        }
        CommandWindow w = session == null ? null : session.window();
        int exp = w == null ? loginPhase.initialCmdSn() : w.expCmdSn();
        pdu.setInt(28, exp).setInt(32, w == null ? exp : w.maxCmdSn());
        ctx.write(pdu, ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    /**
     * Flushes once per event-loop turn instead of once per PDU: inside a read burst the burst's end flushes
     * (channelReadComplete); otherwise one flush task goes behind the tasks already queued, so completions
     * that arrive together from device threads leave in one write.
     */
    void flushSoon() {
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

    /** Sends, flushes, then closes the connection. */
    void sendAndClose(IscsiPdu pdu) {
        send(pdu);
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    io.netty.buffer.ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    boolean isActive() {
        return ctx != null && ctx.channel().isActive();
    }

    SocketAddress remoteAddress() {
        return ctx == null ? null : ctx.channel().remoteAddress();
    }

    SocketAddress localAddress() {
        return ctx == null ? null : ctx.channel().localAddress();
    }

    /** Runs {@code task} on the event loop (at once if already there); inline if the loop is gone. */
    void execute(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
            return;
        }
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    void closeFromAnyThread(String reason) {
        execute(() -> {
            LOG.info("closing connection from {}: {}", ctx.channel().remoteAddress(), reason);
            ctx.close();
        });
    }

    /**
     * Asks the initiator to log out (Asynchronous Message, AsyncEvent 1) and drops the connection if it has not
     * after the logout timeout (RFC 7143, 11.9.1).
     */
    void requestLogoutFromAnyThread(String reason) {
        execute(() -> {
            if (logoutRequested || !isActive()) {
                return;
            }
            logoutRequested = true;
            LOG.info("asking {} to log out: {}", session.initiatorName(), reason);
            send(AsyncMessagePdu.logoutRequest(ctx.alloc(), settings.logoutTimeout()));
            ctx.flush();
            ctx.executor().schedule(() -> {
                ctx.close();
            }, settings.logoutTimeout(), TimeUnit.SECONDS);
        });
    }

    /**
     * Stops reading while the outbound buffer is above its high watermark: an initiator that does not read its
     * responses then stops being read, and TCP pushes back on it, instead of the target queueing answers
     * without bound.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (loginPhase != null) {
            loginPhase.connectionLost();
        }
        if (timer != null) {
            timer.cancel(false);
        }
        if (pinger != null) {
            pinger.stop();
        }
        if (fullFeature != null) {
            fullFeature.connectionLost();
        }
        if (session != null) {
            session.connectionLost();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection from {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    /** Answer to a target ping arrived. */
    void pingAnswered(int ttt) {
        if (pinger != null) {
            pinger.answered(ttt);
        }
    }

    /** The CID the initiator gave this connection at login. */
    int connectionId() {
        return loginPhase.connectionId();
    }

    ChannelHandlerContext context() {
        return ctx;
    }
}
