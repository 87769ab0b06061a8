package io.quiver.transport.iscsi.impl.login;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.transport.iscsi.impl.pdu.IscsiPdu;
import io.quiver.transport.iscsi.impl.pdu.LoginPdu;
import io.quiver.transport.iscsi.impl.pdu.LoginStatus;
import io.quiver.transport.iscsi.impl.session.IscsiTarget;
import io.quiver.transport.iscsi.impl.session.TargetDirectory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The target's login state machine for one connection (RFC 7143, 6.3 and 11.12): stage checks,
 * leading-login keys, security negotiation (None or CHAP, per target or for discovery), operational
 * negotiation through {@link KeyNegotiator}, and the transition to the full feature phase, where the
 * {@link SessionOpener} creates the session. Runs on the connection's event loop; not thread-safe.
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
    private final StageKeys stageKeys = new StageKeys(this);
    private final TextAssembler text = new TextAssembler();

    private int stage = -1;
    private boolean complete;
    private long isid;
    private int tsih;
    private int cid;
    private int initialCmdSn;
    private String initiatorName;
    private boolean discovery;
    private IscsiTarget target;
    private KeyNegotiator negotiator;
    private ChapAuthenticator chap;
    private String authMethod;
    private boolean declaredTargetKeys;

    public LoginNegotiation(TargetDirectory directory, String localPortal, SessionOpener opener) {
        this.directory = directory;
        this.localPortal = localPortal;
        this.opener = opener;
    }

    /**
     * Handles one Login Request and returns the Login Response to send (StatSN and window fields are the
     * connection's to fill in).
     *
     * @throws LoginException when the login must fail with the exception's status
     */
    public IscsiPdu handle(ByteBufAllocator alloc, IscsiPdu request) throws LoginException {
        checkHeader(request);
        List<TextParameters.Pair> pairs = pairs(request);
        if (pairs == null) {
            // C bit: the text goes on in the next request; answer empty, stay in this stage (RFC 7143, 11.13.2).
            return LoginPdu.response(alloc, request, false, stage, 0, tsih, LoginStatus.SUCCESS, null);
        }
        Map<String, String> answer = new LinkedHashMap<>();
        if (negotiator == null) {
            leadingKeys(pairs, answer);
        }
        boolean transit = LoginPdu.isTransit(request);
        int next = LoginPdu.nextStage(request);
        if (stage == LoginPdu.SECURITY_NEGOTIATION) {
            transit &= stageKeys.security(pairs, answer);
        } else {
            if (requiresAuthentication()) {
                throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "authentication required");
            }
            stageKeys.operational(pairs, answer);
        }
        declareTargetKeys(answer, transit && next == LoginPdu.FULL_FEATURE_PHASE || stage == LoginPdu.OPERATIONAL_NEGOTIATION);
        int current = stage;
        if (transit && next == LoginPdu.FULL_FEATURE_PHASE) {
            tsih = opener.open(this);
            complete = true;
        }
        if (transit) {
            stage = next;
        }
        return LoginPdu.response(alloc, request, transit, current, next, tsih, LoginStatus.SUCCESS,
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

    private void checkHeader(IscsiPdu request) throws LoginException {
        if (complete) {
            throw new LoginException(LoginStatus.INVALID_DURING_LOGIN, "login already complete");
        }
        int csg = LoginPdu.currentStage(request);
        boolean transit = LoginPdu.isTransit(request);
        if (transit && LoginPdu.isContinue(request)) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "T and C both set");
        }
        if (csg == 2 || csg == 3 || (transit && (LoginPdu.nextStage(request) <= csg || LoginPdu.nextStage(request) == 2))) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "invalid stage transition");
        }
        if (stage < 0) {
            if (LoginPdu.versionMin(request) > 0) {
                throw new LoginException(LoginStatus.UNSUPPORTED_VERSION, "version-min " + LoginPdu.versionMin(request));
            }
            isid = LoginPdu.isid(request);
            tsih = LoginPdu.tsih(request);
            cid = LoginPdu.connectionId(request);
            initialCmdSn = LoginPdu.cmdSn(request);
            stage = csg;
            if (tsih != 0) {
                // Connections are not added to existing sessions: MaxConnections is 1.
                throw new LoginException(directory.sessions().byTsih(tsih) == null
                        ? LoginStatus.SESSION_DOES_NOT_EXIST : LoginStatus.TOO_MANY_CONNECTIONS, "TSIH " + tsih);
            }
        } else if (csg != stage || LoginPdu.isid(request) != isid || LoginPdu.connectionId(request) != cid) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "login request does not continue this login");
        }
    }

    private void leadingKeys(List<TextParameters.Pair> pairs, Map<String, String> answer) throws LoginException {
        LeadingKeys leading = LeadingKeys.of(pairs, directory, localPortal);
        initiatorName = leading.initiatorName();
        discovery = leading.discovery();
        target = leading.target();
        negotiator = new KeyNegotiator(directory.negotiationValues(target));
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
        params.setTargetMaxRecvDataSegmentLength(ours);
        answer.put("MaxRecvDataSegmentLength", Integer.toString(ours));
        if (target != null && target.alias() != null && !target.alias().isEmpty()) {
            answer.put("TargetAlias", target.alias());
        }
    }

    /** Whether CHAP is required and has not succeeded yet. */
    boolean requiresAuthentication() {
        boolean required = !incomingUsers().isEmpty();
        return required && (chap == null || !chap.succeeded());
    }

    List<ChapCredentials> incomingUsers() {
        return discovery ? directory.discoveryIncomingUsers() : target.incomingUsers();
    }

    ChapCredentials outgoingUser() {
        return discovery ? directory.discoveryOutgoingUser() : target.outgoingUser();
    }

    KeyNegotiator negotiator() {
        return negotiator;
    }

    ChapAuthenticator chap() {
        return chap;
    }

    void startChap() {
        chap = new ChapAuthenticator(incomingUsers(), outgoingUser());
    }

    String authMethod() {
        return authMethod;
    }

    void authMethod(String method) {
        authMethod = method;
    }

    public OperationalParameters parameters() {
        return params;
    }

    public boolean isComplete() {
        return complete;
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
        return isid;
    }

    public int connectionId() {
        return cid;
    }

    /** The CmdSN of the first Login Request: the session's first ExpCmdSN. */
    public int initialCmdSn() {
        return initialCmdSn;
    }

    /** Drops text held from continued requests (the connection is gone). */
    public void discard() {
        text.discard();
    }

    /** The stage the next request is expected in (-1 before the first). */
    public int stage() {
        return stage;
    }
}
