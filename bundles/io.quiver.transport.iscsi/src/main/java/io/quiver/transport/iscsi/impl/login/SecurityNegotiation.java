package io.quiver.transport.iscsi.impl.login;

import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.iscsi.login.IscsiKey;
import io.quiver.iscsi.login.TextParameters;
import io.quiver.iscsi.login.LoginException;

import io.quiver.iscsi.pdu.LoginStatus;
import java.util.List;
import java.util.Map;

/**
 * The security stage of one login (RFC 7143, 6.3.1 and 12.1.3): AuthMethod negotiation (None, or CHAP when
 * the target or discovery has incoming users) and the CHAP exchange, with whether authentication is still
 * owed before the operational stage or the full feature phase may begin. Operational keys sent in this
 * stage go on to {@link OperationalKeys}. Part of {@link LoginNegotiation}; same thread, not thread-safe.
 */
final class SecurityNegotiation {

    private final List<ChapCredentials> incomingUsers;
    private final ChapCredentials outgoingUser;
    private ChapAuthenticator chap;
    private String authMethod;

    /**
     * @param incomingUsers who the initiator may authenticate as; empty = no authentication
     * @param outgoingUser the target's credentials for mutual CHAP, or {@code null}
     */
    SecurityNegotiation(List<ChapCredentials> incomingUsers, ChapCredentials outgoingUser) {
        this.incomingUsers = incomingUsers;
        this.outgoingUser = outgoingUser;
    }

    /**
     * The keys of one request in the security stage.
     *
     * @return whether the stage may be left now (authentication done or not needed)
     */
    boolean keys(List<TextParameters.Pair> pairs, Map<String, String> answer, OperationalKeys operational)
            throws LoginException {
        String chapN = null;
        String chapR = null;
        String chapI = null;
        String chapC = null;
        for (TextParameters.Pair p : pairs) {
            IscsiKey key = IscsiKey.of(p.key());
            if (OperationalKeys.LEADING.contains(p.key())) {
                continue;
            }
            if (key == IscsiKey.AUTH_METHOD) {
                authMethod(p.value(), answer);
            } else if (key == IscsiKey.CHAP_A) {
                requireChap();
                chap = new ChapAuthenticator(incomingUsers, outgoingUser);
                answer.putAll(chap.challenge(p.value()));
            } else if (key == IscsiKey.CHAP_N) {
                chapN = p.value();
            } else if (key == IscsiKey.CHAP_R) {
                chapR = p.value();
            } else if (key == IscsiKey.CHAP_I) {
                chapI = p.value();
            } else if (key == IscsiKey.CHAP_C) {
                chapC = p.value();
            } else {
                operational.key(p, answer);
            }
        }
        if (chapN != null || chapR != null) {
            requireChap();
            if (chap == null || !chap.awaitsResponse()) {
                throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "CHAP response without challenge");
            }
            answer.putAll(chap.verify(chapN, chapR, chapI, chapC));
        }
        if (authMethod == null) {
            return !requiresAuthentication();
        }
        return "None".equals(authMethod) || (chap != null && chap.succeeded());
    }

    /** Whether CHAP is required and has not succeeded yet. */
    boolean requiresAuthentication() {
        boolean required = !incomingUsers.isEmpty();
        return required && (chap == null || !chap.succeeded());
    }

    private void authMethod(String offer, Map<String, String> answer) throws LoginException {
        String ours = incomingUsers.isEmpty() ? "None" : "CHAP";
        for (String v : offer.split(",")) {
            if (v.equals(ours)) {
                authMethod = v;
                answer.put("AuthMethod", v);
                return;
            }
        }
        throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "AuthMethod " + offer + " not acceptable");
    }

    private void requireChap() throws LoginException {
        if (!"CHAP".equals(authMethod)) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "CHAP key before AuthMethod=CHAP");
        }
    }
}
