package io.quiver.transport.iscsi.impl.login;

import io.quiver.iscsi.login.IscsiKey;
import io.quiver.iscsi.login.KeyNegotiator;
import io.quiver.iscsi.login.OperationalParameters;
import io.quiver.iscsi.login.TextParameters;
import io.quiver.iscsi.login.TextAssembler;
import io.quiver.iscsi.login.LoginException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.LoginPdu;
import io.quiver.iscsi.pdu.LoginStatus;
import io.quiver.transport.iscsi.impl.session.IscsiTarget;
import io.quiver.transport.iscsi.impl.session.TargetDirectory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The target's login state machine for one connection (RFC 7143, 6.3 and 11.12): stage checks,
 * leading-login keys, the {@link SecurityNegotiation security stage} (None or CHAP, per target or for
 * discovery), the {@link OperationalKeys operational stage} through {@link KeyNegotiator}, and the
 * transition to the full feature phase, where the {@link SessionOpener} creates the session. Runs on the
 * connection's event loop; not thread-safe.
 */
public final class LoginNegotiation {

    /** Opens the session when the login completes; returns its TSIH. */
    @FunctionalInterface
    public interface SessionOpener {
        int open(LoginNegotiation login) throws LoginException;
    }

    private final TargetDirectory directory;
    private final String localPortal;
    private final SessionOpener opener;
    private final OperationalParameters params = new OperationalParameters();
    private final OperationalKeys operationalKeys = new OperationalKeys(this);
    private final TextAssembler text = new TextAssembler();

    private final LoginSequence sequence;
    private String initiatorName;
    private boolean discovery;
    private IscsiTarget target;
    private KeyNegotiator negotiator;
    private SecurityNegotiation security;
    private boolean declaredTargetKeys;
    private final IserKeys iser;

    public LoginNegotiation(TargetDirectory directory, String localPortal, SessionOpener opener) {
        this(directory, localPortal, opener, null);
    }

    /** @param iser the iSER keys of an iSER connection (RFC 7145, 6), {@code null} on TCP */
    public LoginNegotiation(TargetDirectory directory, String localPortal, SessionOpener opener, IserKeys iser) {
        this.iser = iser;
        this.directory = directory;
        this.localPortal = localPortal;
        this.opener = opener;
        this.sequence = new LoginSequence(directory);
    }

    /**
     * Handles one Login Request and returns the Login Response to send (StatSN and window fields are the
     * connection's to fill in).
     *
     * @throws LoginException when the login must fail with the exception's status
     */
    public IscsiPdu handle(ByteBufAllocator alloc, IscsiPdu request) throws LoginException {
        sequence.check(request);
        List<TextParameters.Pair> pairs = pairs(request);
        if (pairs == null) {
            // C bit: the text goes on in the next request; answer empty, stay in this stage (RFC 7143, 11.13.2).
            return LoginPdu.response(alloc, request, false, sequence.stage(), 0, sequence.tsih(), LoginStatus.SUCCESS,
                    null);
        }
        Map<String, String> answer = new LinkedHashMap<>();
        if (negotiator == null) {
            leadingKeys(pairs, answer);
        }
        boolean transit = LoginPdu.isTransit(request);
        int next = LoginPdu.nextStage(request);
        int current = sequence.stage();
        if (current == LoginPdu.SECURITY_NEGOTIATION) {
            transit &= security.keys(pairs, answer, operationalKeys);
        } else {
            if (security.requiresAuthentication()) {
                throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "authentication required");
            }
            operationalKeys.keys(pairs, answer);
        }
        declareTargetKeys(answer, transit && next == LoginPdu.FULL_FEATURE_PHASE || current == LoginPdu.OPERATIONAL_NEGOTIATION);
        if (transit && next == LoginPdu.FULL_FEATURE_PHASE) {
            if (iser != null) {
                iser.check(params);
            }
            sequence.complete(opener.open(this));
        }
        if (transit) {
            sequence.transit(next);
        }
        return LoginPdu.response(alloc, request, transit, current, next, sequence.tsih(), LoginStatus.SUCCESS,
                TextParameters.encode(alloc, answer));
    }

    /** The request's pairs once its text is complete, or {@code null} while continued requests are due. */
    private List<TextParameters.Pair> pairs(IscsiPdu request) throws LoginException {
        ByteBuf whole;
        try {
            whole = text.add(request.data(), LoginPdu.isContinue(request));
        } catch (IllegalArgumentException e) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, e.getMessage());
        }
        if (whole == null) {
            return null;
        }
        try {
            return TextParameters.decode(whole);
        } catch (IllegalArgumentException e) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, e.getMessage());
        } finally {
            whole.release();
        }
    }

    private void leadingKeys(List<TextParameters.Pair> pairs, Map<String, String> answer) throws LoginException {
        LeadingKeys leading = LeadingKeys.of(pairs, directory, localPortal);
        initiatorName = leading.initiatorName();
        discovery = leading.discovery();
        target = leading.target();
        Map<IscsiKey, String> values = directory.negotiationValues(target);
        negotiator = new KeyNegotiator(iser == null ? values : IserKeys.targetValues(values));
        security = discovery
                ? new SecurityNegotiation(directory.discoveryIncomingUsers(), directory.discoveryOutgoingUser())
                : new SecurityNegotiation(target.incomingUsers(), target.outgoingUser());
        if (!discovery) {
            answer.put("TargetPortalGroupTag", Integer.toString(target.portalGroupTag()));
        }
    }

    private void declareTargetKeys(Map<String, String> answer, boolean now) {
        if (!now || declaredTargetKeys) {
            return;
        }
        declaredTargetKeys = true;
        String mrdsl = negotiator.targetValue(IscsiKey.MAX_RECV_DATA_SEGMENT_LENGTH);
        int ours = mrdsl == null ? 262144 : Integer.parseInt(mrdsl);
        if (iser != null) {
            // An iSER SEND carries at most a receive buffer: initiators that size immediate data by this key
            // must not exceed it.
            ours = Math.min(ours, iser.targetRecvDataSegmentLength());
        }
        params.setTargetMaxRecvDataSegmentLength(ours);
        answer.put("MaxRecvDataSegmentLength", Integer.toString(ours));
        if (iser != null) {
            iser.declare(answer);
        }
        if (target != null && target.alias() != null && !target.alias().isEmpty()) {
            answer.put("TargetAlias", target.alias());
        }
    }

    /** The iSER keys of an iSER connection, {@code null} on TCP. */
    IserKeys iser() {
        return iser;
    }

    KeyNegotiator negotiator() {
        return negotiator;
    }

    public OperationalParameters parameters() {
        return params;
    }

    public boolean isComplete() {
        return sequence.isComplete();
    }

    public boolean isDiscovery() {
        return discovery;
    }

    public String initiatorName() {
        return initiatorName;
    }

    public IscsiTarget target() {
        return target;
    }

    public long isid() {
        return sequence.isid();
    }

    public int connectionId() {
        return sequence.connectionId();
    }

    /** The CmdSN of the first Login Request: the session's first ExpCmdSN. */
    public int initialCmdSn() {
        return sequence.initialCmdSn();
    }

    /** Drops text held from continued requests (the connection is gone). */
    public void discard() {
        text.discard();
    }

    /** The stage the next request is expected in (-1 before the first). */
    public int stage() {
        return sequence.stage();
    }
}
