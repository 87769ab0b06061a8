package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.quiver.iscsi.codec.MalformedPdu;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.RejectPdu;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One iSCSI connection: the login phase, then the full feature phase of its session. Routes every inbound
 * PDU to the phase it belongs to, turns malformed input into a Reject (and a drop when framing is lost), sends
 * through its {@link PduTransmitter} (StatSN, command window, one flush per read burst), keeps its
 * {@link ConnectionLiveness} timers, and ends the session when the channel closes. One instance per channel,
 * used on its event loop only; the {@code ...FromAnyThread} methods hop onto it.
 */
public final class IscsiConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(IscsiConnection.class);

    private final TargetDirectory directory;
    private final ConnectionLiveness liveness;
    private ChannelHandlerContext ctx;
    private PduTransmitter out;
    private LoginPhase loginPhase;
    private IscsiSession session;
    private FullFeaturePhase fullFeature;

    public IscsiConnection(TargetDirectory directory, ConnectionSettings settings) {
        this.directory = directory;
        this.liveness = new ConnectionLiveness(this, settings);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        loginPhase = new LoginPhase(this, directory, ctx);
        out = new PduTransmitter(ctx, loginPhase);
        liveness.loginStarted(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        out.readStarted();
        try {
            if (msg instanceof MalformedPdu bad) {
                malformed(bad);
            } else if (msg instanceof IscsiPdu pdu) {
                if (fullFeature != null) {
                    fullFeature.handle(pdu);
                } else {
                    loginRequest(pdu);
                }
            }
        } finally {
            if (msg instanceof MalformedPdu bad) {
                bad.release();
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
            out.flushAndClose();
        }
    }

    private void loginRequest(IscsiPdu pdu) {
        IscsiSession s = loginPhase.handle(pdu);
        if (s != null) {
            fullFeature = new FullFeaturePhase(this, s, directory);
            liveness.fullFeaturePhase(s);
        }
    }

    /** Called by the login when it opened the session, before the final Login Response is sent. */
    void sessionOpened(IscsiSession s) {
        session = s;
        out.windowOpened(s.window());
        liveness.sessionOpened();
    }

    /** Sends a PDU (written, not flushed); see {@link PduTransmitter#send}. */
    void send(IscsiPdu pdu) {
        out.send(pdu);
    }

    void flush() {
        out.flush();
    }

    /** Flushes once per event-loop turn; see {@link PduTransmitter#flushSoon}. */
    void flushSoon() {
        out.flushSoon();
    }

    /** Sends, flushes, then closes the connection. */
    void sendAndClose(IscsiPdu pdu) {
        out.send(pdu);
        out.flushAndClose();
    }

    ByteBufAllocator alloc() {
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
        execute(() -> liveness.close(reason));
    }

    /** Asks the initiator to log out; see {@link ConnectionLiveness#requestLogout}. */
    void requestLogoutFromAnyThread(String reason) {
        execute(() -> liveness.requestLogout(session, reason));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        out.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        out.readComplete();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (loginPhase != null) {
            loginPhase.connectionLost();
        }
        liveness.stop();
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
        liveness.pingAnswered(ttt);
    }

    /** The CID the initiator gave this connection at login. */
    int connectionId() {
        return loginPhase.connectionId();
    }

    ChannelHandlerContext context() {
        return ctx;
    }
}
