package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.quiver.iscsi.codec.MalformedPdu;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import io.quiver.iscsi.pdu.RejectPdu;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One iSCSI connection's session layer, whatever the wire (TCP, iSER): the login phase, then the full feature
 * phase of its session. Routes every inbound PDU to the phase it belongs to, turns malformed input into a
 * Reject (and a drop when framing is lost), sends through its {@link PduTransmitter} (StatSN, command window),
 * keeps its {@link ConnectionLiveness} timers, and ends the session when the wire closes. One instance per
 * connection, used on its wire's executor only; the {@code ...FromAnyThread} methods hop onto it.
 */
public final class IscsiConnection implements IscsiInbound {

    private static final Logger LOG = LoggerFactory.getLogger(IscsiConnection.class);

    private final TargetDirectory directory;
    private final ConnectionLiveness liveness;
    private final IscsiWire wire;
    private final PduTransmitter out;
    private final LoginPhase loginPhase;
    private IscsiSession session;
    private FullFeaturePhase fullFeature;
    private boolean closed;

    public IscsiConnection(TargetDirectory directory, ConnectionSettings settings, IscsiWire wire) {
        this.directory = directory;
        this.wire = wire;
        this.liveness = new ConnectionLiveness(this, settings);
        this.loginPhase = new LoginPhase(this, directory, wire);
        this.out = new PduTransmitter(wire, loginPhase);
    }

    @Override
    public void active() {
        liveness.loginStarted();
    }

    @Override
    public void received(IscsiPdu pdu) {
        try {
            if (fullFeature != null) {
                fullFeature.handle(pdu);
            } else {
                loginRequest(pdu);
            }
        } finally {
            ReferenceCountUtil.release(pdu);
        }
    }

    @Override
    public void malformed(MalformedPdu bad) {
        try {
            LOG.debug("{} from {}", bad, wire.remoteAddress());
            if (bad.bhs() != null && fullFeature != null) {
                send(RejectPdu.of(alloc(), bad.rejectReason(), bad.bhs()));
            }
            if (bad.isFatal() || fullFeature == null) {
                wire.flushAndClose();
            }
        } finally {
            bad.release();
        }
    }

    /** A placed transfer becomes the Data-Out PDU it stands for, so one receiver checks both wires' data. */
    @Override
    public void dataOutPlaced(int itt, int ttt, int offset, ByteBuf data) {
        IscsiPdu pdu = IscsiPdu.create(alloc(), Opcode.SCSI_DATA_OUT, 0x80, data);
        pdu.setInitiatorTaskTag(itt).setInt(20, ttt).setInt(40, offset).updateLengths();
        if (fullFeature == null) {
            pdu.release();
            return;
        }
        received(pdu);
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
        wire.flush();
    }

    /** Flushes once per executor turn; see {@link IscsiWire#flushSoon}. */
    void flushSoon() {
        wire.flushSoon();
    }

    /** Sends, flushes, then closes the connection. */
    void sendAndClose(IscsiPdu pdu) {
        out.send(pdu);
        wire.flushAndClose();
    }

    ByteBufAllocator alloc() {
        return wire.alloc();
    }

    IscsiWire wire() {
        return wire;
    }

    boolean isActive() {
        return !closed && wire.isActive();
    }

    SocketAddress remoteAddress() {
        return wire.remoteAddress();
    }

    SocketAddress localAddress() {
        return wire.localAddress();
    }

    /** Runs {@code task} on the executor (at once if already there); inline if the executor is gone. */
    void execute(Runnable task) {
        if (wire.executor().inEventLoop()) {
            task.run();
            return;
        }
        try {
            wire.executor().execute(task);
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
    public void closed() {
        if (closed) {
            return;
        }
        closed = true;
        loginPhase.connectionLost();
        liveness.stop();
        if (fullFeature != null) {
            fullFeature.connectionLost();
        }
        if (session != null) {
            session.connectionLost();
        }
    }

    /** Answer to a target ping arrived. */
    void pingAnswered(int ttt) {
        liveness.pingAnswered(ttt);
    }

    /** The CID the initiator gave this connection at login. */
    int connectionId() {
        return loginPhase.connectionId();
    }
}
