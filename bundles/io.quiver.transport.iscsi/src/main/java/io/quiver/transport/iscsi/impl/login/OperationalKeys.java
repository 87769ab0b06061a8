package io.quiver.transport.iscsi.impl.login;

import io.quiver.iscsi.login.IscsiKey;
import io.quiver.iscsi.login.KeyNegotiator;
import io.quiver.iscsi.login.TextParameters;
import io.quiver.iscsi.login.LoginException;

import io.quiver.iscsi.pdu.LoginStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operational keys of one login request (RFC 7143, 6.3.2 and 13): each goes to the {@link KeyNegotiator},
 * but for the keys that are irrelevant in discovery sessions or with markers off. Leading-login keys already
 * consumed are skipped; security keys outside the security stage are a protocol error. Part of
 * {@link LoginNegotiation}; same thread, not thread-safe.
 */
final class OperationalKeys {

    /** Keys of the leading login {@link LeadingKeys} consumed. */
    static final Set<String> LEADING = Set.of("InitiatorName", "TargetName", "SessionType");

    private static final Set<IscsiKey> DISCOVERY_IRRELEVANT = EnumSet.of(
            IscsiKey.MAX_CONNECTIONS, IscsiKey.INITIAL_R2T, IscsiKey.IMMEDIATE_DATA, IscsiKey.MAX_BURST_LENGTH,
            IscsiKey.FIRST_BURST_LENGTH, IscsiKey.MAX_OUTSTANDING_R2T, IscsiKey.DATA_PDU_IN_ORDER,
            IscsiKey.DATA_SEQUENCE_IN_ORDER);

    private final LoginNegotiation login;

    OperationalKeys(LoginNegotiation login) {
        this.login = login;
    }

    /** Operational stage: every key goes to the negotiator; security keys here are a protocol error. */
    void keys(List<TextParameters.Pair> pairs, Map<String, String> answer) throws LoginException {
        for (TextParameters.Pair p : pairs) {
            if (LEADING.contains(p.key())) {
                continue;
            }
            IscsiKey key = IscsiKey.of(p.key());
            if (key != null && key.phase() == IscsiKey.Phase.SECURITY) {
                throw new LoginException(LoginStatus.INITIATOR_ERROR, p.key() + " outside SecurityNegotiation");
            }
            key(p, answer);
        }
    }

    /** One operational key, in whichever stage it came. */
    void key(TextParameters.Pair p, Map<String, String> answer) throws LoginException {
        if (login.iser() != null && IserKeys.handles(p.key())) {
            login.iser().key(p, answer);
            return;
        }
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
