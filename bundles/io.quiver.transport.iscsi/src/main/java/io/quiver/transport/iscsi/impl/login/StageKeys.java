package io.quiver.transport.iscsi.impl.login;

import io.quiver.transport.iscsi.impl.pdu.LoginStatus;
import java.util.List;
import java.util.Map;

/**
 * The keys of one login request by stage: security keys (AuthMethod, the CHAP exchange) and operational
 * ones. Leading-login keys already consumed are skipped. Part of {@link LoginNegotiation}; same thread.
 */
final class StageKeys {

    private static final java.util.Set<String> LEADING = java.util.Set.of("InitiatorName", "TargetName", "SessionType");

    private static final java.util.Set<IscsiKey> DISCOVERY_IRRELEVANT = java.util.EnumSet.of(
            IscsiKey.MAX_CONNECTIONS, IscsiKey.INITIAL_R2T, IscsiKey.IMMEDIATE_DATA, IscsiKey.MAX_BURST_LENGTH,
            IscsiKey.FIRST_BURST_LENGTH, IscsiKey.MAX_OUTSTANDING_R2T, IscsiKey.DATA_PDU_IN_ORDER,
            IscsiKey.DATA_SEQUENCE_IN_ORDER);

    private final LoginNegotiation login;

    StageKeys(LoginNegotiation login) {
        this.login = login;
    }

    /**
     * Security stage.
     *
     * @return whether the stage may be left now (authentication done or not needed)
     */
    boolean security(List<TextParameters.Pair> pairs, Map<String, String> answer) throws LoginException {
        String chapN = null;
        String chapR = null;
        String chapI = null;
        String chapC = null;
        for (TextParameters.Pair p : pairs) {
            IscsiKey key = IscsiKey.of(p.key());
            if (LEADING.contains(p.key())) {
                continue;
            }
            if (key == IscsiKey.AUTH_METHOD) {
                authMethod(p.value(), answer);
            } else if (key == IscsiKey.CHAP_A) {
                requireChap();
                login.startChap();
                answer.putAll(login.chap().challenge(p.value()));
            } else if (key == IscsiKey.CHAP_N) {
                chapN = p.value();
            } else if (key == IscsiKey.CHAP_R) {
                chapR = p.value();
            } else if (key == IscsiKey.CHAP_I) {
                chapI = p.value();
            } else if (key == IscsiKey.CHAP_C) {
                chapC = p.value();
            } else {
                operationalKey(p, answer);
            }
        }
        if (chapN != null || chapR != null) {
            requireChap();
            if (login.chap() == null || !login.chap().awaitsResponse()) {
                throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "CHAP response without challenge");
            }
            answer.putAll(login.chap().verify(chapN, chapR, chapI, chapC));
        }
        if (login.authMethod() == null) {
            return !login.requiresAuthentication();
        }
        return "None".equals(login.authMethod()) || (login.chap() != null && login.chap().succeeded());
    }

    private void authMethod(String offer, Map<String, String> answer) throws LoginException {
        String ours = login.incomingUsers().isEmpty() ? "None" : "CHAP";
        for (String v : offer.split(",")) {
            if (v.equals(ours)) {
                login.authMethod(v);
                answer.put("AuthMethod", v);
                return;
            }
        }
        throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "AuthMethod " + offer + " not acceptable");
    }

    private void requireChap() throws LoginException {
        if (!"CHAP".equals(login.authMethod())) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "CHAP key before AuthMethod=CHAP");
        }
    }

    /** Operational stage: every key goes to the negotiator; security keys here are a protocol error. */
    void operational(List<TextParameters.Pair> pairs, Map<String, String> answer) throws LoginException {
        for (TextParameters.Pair p : pairs) {
            if (LEADING.contains(p.key())) {
                continue;
            }
            IscsiKey key = IscsiKey.of(p.key());
            if (key != null && key.phase() == IscsiKey.Phase.SECURITY) {
                throw new LoginException(LoginStatus.INITIATOR_ERROR, p.key() + " outside SecurityNegotiation");
            }
            operationalKey(p, answer);
        }
    }

    private void operationalKey(TextParameters.Pair p, Map<String, String> answer) throws LoginException {
        IscsiKey key = IscsiKey.of(p.key());
        if (key == IscsiKey.SEND_TARGETS) {
            answer.put(p.key(), KeyNegotiator.IRRELEVANT);
            return;
        }
        if (key == IscsiKey.OF_MARK_INT || key == IscsiKey.IF_MARK_INT) {
            // Markers are always No, which makes their intervals moot.
            answer.put(p.key(), KeyNegotiator.IRRELEVANT);
            return;
        }
        if (login.isDiscovery() && DISCOVERY_IRRELEVANT.contains(key)) {
            // RFC 7143, 13: these keys are "Irrelevant when SessionType=Discovery"; the key still counts once.
            login.negotiator().negotiate(p.key(), p.value(), login.parameters());
            answer.put(p.key(), KeyNegotiator.IRRELEVANT);
            return;
        }
        String a = login.negotiator().negotiate(p.key(), p.value(), login.parameters());
        if (a != null) {
            answer.put(p.key(), a);
        }
    }
}
