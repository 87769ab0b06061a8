package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.quiver.iscsi.login.LoginException;
import io.quiver.transport.iscsi.impl.login.LoginNegotiation;
import io.quiver.iscsi.login.OperationalParameters;
import io.quiver.iscsi.login.TextParameters;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.LoginPdu;
import io.quiver.iscsi.pdu.LoginStatus;
import io.quiver.iscsi.pdu.Opcode;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login phase of one connection: feeds Login Requests to the {@link LoginNegotiation}, answers failures
 * with a final Login Response and a close, opens the session (reinstating one with the same ISID) when the
 * login completes, and then has the wire switch to the negotiated digests and data segment limit. Runs on
 * the connection's executor; not thread-safe.
 */
final class LoginPhase {

    private static final Logger LOG = LoggerFactory.getLogger(LoginPhase.class);

    private final IscsiConnection connection;
    private final TargetDirectory directory;
    private final IscsiWire wire;
    private final LoginNegotiation login;
    private IscsiSession session;

    LoginPhase(IscsiConnection connection, TargetDirectory directory, IscsiWire wire) {
        this.connection = connection;
        this.directory = directory;
        this.wire = wire;
        this.login = new LoginNegotiation(directory, Portals.format(wire.localAddress()), this::openSession,
                wire.iserKeys());
    }

    /** The CmdSN the initiator started with; the login's ExpCmdSN. */
    int initialCmdSn() {
        return login.initialCmdSn();
    }

    int connectionId() {
        return login.connectionId();
    }

    /**
     * Handles one PDU of the login phase.
     *
     * @return the new session once this request completed the login, else {@code null}
     */
    IscsiSession handle(IscsiPdu pdu) {
        if (pdu.opcode() != Opcode.LOGIN_REQUEST) {
            LOG.debug("{} before login from {}", pdu, wire.remoteAddress());
            wire.close();
            return null;
        }
        String address = Portals.host(wire.remoteAddress());
        if (login.stage() < 0 && directory.authFailures().refuses(address)) {
            LOG.info("login from {} refused: too many failed authentications", address);
            fail(pdu, LoginStatus.AUTHENTICATION_FAILURE, null);
            return null;
        }
        IscsiPdu response;
        try {
            response = login.handle(wire.alloc(), pdu);
        } catch (LoginException e) {
            if (e.status() == LoginStatus.AUTHENTICATION_FAILURE) {
                authenticationFailed(address, e);
            } else if (e.targetAddress() != null) {
                LOG.info("login of {} from {}: {}", login.initiatorName(), wire.remoteAddress(), e.getMessage());
            } else {
                LOG.info("login from {} failed: {} ({})", wire.remoteAddress(), e.getMessage(), e.status());
            }
            fail(pdu, e.status(), e.targetAddress());
            return null;
        }
        connection.send(response);
        if (!login.isComplete()) {
            return null;
        }
        switchCodecs(session.parameters());
        LOG.info("{} session 0x{} TSIH {} from {} to {}", session.isDiscovery() ? "discovery" : "normal",
                String.format("%012x", session.isid()), session.tsih(), session.initiatorName(), session.targetName());
        return session;
    }

    /**
     * Logs a failed authentication with the initiator's name and address (never a secret or a CHAP value:
     * exception messages name the user at most) and counts it against the address.
     */
    private void authenticationFailed(String address, LoginException e) {
        LOG.warn("authentication failed for initiator {} from {}: {}", login.initiatorName(), address, e.getMessage());
        if (directory.authFailures().failed(address)) {
            LOG.warn("refusing logins from {} for {} s after repeated authentication failures", address,
                    directory.authFailures().backoffSeconds());
        }
    }

    /** The final Login Response; a redirection carries the TargetAddress to log in to instead. */
    private void fail(IscsiPdu request, LoginStatus status, String targetAddress) {
        login.discard();
        int stage = Math.max(0, login.stage());
        ByteBuf text = targetAddress == null ? null
                : TextParameters.encode(wire.alloc(), Map.of("TargetAddress", targetAddress));
        connection.sendAndClose(LoginPdu.response(wire.alloc(), request, false, stage, 0, 0, status, text));
    }

    /** The connection closed during login: drop text held from continued requests. */
    void connectionLost() {
        login.discard();
    }

    private int openSession(LoginNegotiation l) throws LoginException {
        int tsih = directory.sessions().allocateTsih();
        IscsiSession s = new IscsiSession(connection, directory, l.target(), l.initiatorName(), l.isid(), tsih,
                l.parameters());
        if (!l.isDiscovery()) {
            directory.sessions().reinstate(l.initiatorName(), l.isid(), l.target().name());
        }
        try {
            s.open(l.initialCmdSn());
        } catch (IllegalStateException e) {
            throw new LoginException(LoginStatus.TARGET_REMOVED, e.getMessage());
        }
        session = s;
        // The final Login Response already carries the session's command window.
        connection.sessionOpened(s);
        return tsih;
    }

    /** The final Login Response is already written: the wire applies the negotiated parameters from the next PDU. */
    private void switchCodecs(OperationalParameters p) {
        wire.fullFeaturePhase(p);
    }
}
