package io.quiver.transport.iscsi.impl.session;

import io.netty.util.concurrent.ScheduledFuture;
import io.quiver.iscsi.pdu.AsyncMessagePdu;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how long one connection may hold the target without progress: the login timeout, the NOP-In pings
 * of the full feature phase ({@link NopInPinger}), and the logout the target asks for (Asynchronous Message,
 * AsyncEvent 1) with the time the initiator has to comply (RFC 7143, 11.9.1). Each ends in closing the
 * connection. Used on the connection's executor only.
 */
final class ConnectionLiveness {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLiveness.class);

    private final IscsiConnection connection;
    private final ConnectionSettings settings;
    private ScheduledFuture<?> loginTimer;
    private NopInPinger pinger;
    private boolean loggedIn;
    private boolean logoutRequested;

    ConnectionLiveness(IscsiConnection connection, ConnectionSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    /** The connection is up: the login must complete within the login timeout. */
    void loginStarted() {
        IscsiWire wire = connection.wire();
        if (settings.loginTimeout() > 0) {
            loginTimer = wire.executor().schedule(() -> {
                if (!loggedIn) {
                    LOG.info("login timeout from {}", wire.remoteAddress());
                    wire.close();
                }
            }, settings.loginTimeout(), TimeUnit.SECONDS);
        }
    }

    /** The login opened its session (before the final Login Response): the timeout no longer applies. */
    void sessionOpened() {
        loggedIn = true;
    }

    /** The full feature phase began: pings start if configured. */
    void fullFeaturePhase(IscsiSession session) {
        if (loginTimer != null) {
            loginTimer.cancel(false);
        }
        if (settings.nopInInterval() > 0) {
            pinger = new NopInPinger(connection, session, settings);
        }
    }

    /** Answer to a target ping arrived. */
    void pingAnswered(int ttt) {
        if (pinger != null) {
            pinger.answered(ttt);
        }
    }

    /**
     * Asks the initiator to log out and drops the connection if it has not after the logout timeout. Once per
     * connection; on the event loop.
     */
    void requestLogout(IscsiSession session, String reason) {
        if (logoutRequested || !connection.isActive()) {
            return;
        }
        logoutRequested = true;
        IscsiWire wire = connection.wire();
        LOG.info("asking {} to log out: {}", session.initiatorName(), reason);
        connection.send(AsyncMessagePdu.logoutRequest(wire.alloc(), settings.logoutTimeout()));
        connection.flush();
        wire.executor().schedule(() -> {
            wire.close();
        }, settings.logoutTimeout(), TimeUnit.SECONDS);
    }

    /** Closes the connection for {@code reason}; on the event loop. */
    void close(String reason) {
        IscsiWire wire = connection.wire();
        LOG.info("closing connection from {}: {}", wire.remoteAddress(), reason);
        wire.close();
    }

    /** The channel closed: no timer may fire any more. */
    void stop() {
        if (loginTimer != null) {
            loginTimer.cancel(false);
        }
        if (pinger != null) {
            pinger.stop();
        }
    }
}
