package io.quiver.iscsi.login;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Answers the initiator's operational keys as acceptor (RFC 7143, 6.2): the result for negotiated keys,
 * {@code NotUnderstood} for unknown keys, {@code Irrelevant} where the outcome of another key makes the key
 * moot, {@code Reject} for values out of range or of the wrong type, and records declarations. Keys the login
 * itself handles (names, CHAP, SessionType) are not passed here. Immutable policy; stateless apart from the
 * {@link OperationalParameters} it writes. Runs on the login's event loop.
 */
public final class KeyNegotiator {

    /** Answer for a key the acceptor does not know. */
    public static final String NOT_UNDERSTOOD = "NotUnderstood";
    public static final String IRRELEVANT = "Irrelevant";
    public static final String REJECT = "Reject";

    private final Map<IscsiKey, String> targetValues;

    /** @param targetValues the target's configured values, overriding {@link IscsiKey#targetValue()} */
    public KeyNegotiator(Map<IscsiKey, String> targetValues) {
        this.targetValues = targetValues;
    }

    /** The acceptor's value for {@code key}: configured, else Quiver's default. */
    public String targetValue(IscsiKey key) {
        return targetValues.getOrDefault(key, key.targetValue());
    }

    /**
     * Negotiates one offered pair, updating {@code params}.
     *
     * @return the answer to send, or {@code null} when none is due (a declaration)
     * @throws LoginException for a protocol error (a negotiated key offered twice)
     */
    public String negotiate(String name, String offer, OperationalParameters params) throws LoginException {
        IscsiKey key = IscsiKey.of(name);
        if (key == null) {
            return NOT_UNDERSTOOD;
        }
        if (!params.markReceived(key)) {
            throw new LoginException(io.quiver.iscsi.pdu.LoginStatus.INITIATOR_ERROR,
                    "key sent twice: " + name);
        }
        if (NOT_UNDERSTOOD.equals(offer) || IRRELEVANT.equals(offer) || REJECT.equals(offer)) {
            return null;
        }
        switch (key.type()) {
            case BOOLEAN_AND:
            case BOOLEAN_OR:
                return negotiateBoolean(key, offer, params);
            case NUMERIC_MIN:
            case NUMERIC_MAX:
                return negotiateNumber(key, offer, params);
            case LIST:
                return negotiateList(key, offer, params);
            case DECLARATIVE:
                return declare(key, offer, params);
            default:
                return IRRELEVANT;
        }
    }

    private String negotiateBoolean(IscsiKey key, String offer, OperationalParameters params) {
        if (!"Yes".equals(offer) && !"No".equals(offer)) {
            return REJECT;
        }
        boolean theirs = "Yes".equals(offer);
        boolean ours = "Yes".equals(targetValue(key));
        boolean result = key.type() == KeyType.BOOLEAN_AND ? theirs && ours : theirs || ours;
        String answer = result ? "Yes" : "No";
        params.put(key, answer);
        return answer;
    }

    private String negotiateNumber(IscsiKey key, String offer, OperationalParameters params) {
        long theirs = parseNumber(offer);
        if (theirs < key.min() || theirs > key.max()) {
            return REJECT;
        }
        long ours = Long.parseLong(targetValue(key));
        long result = key.type() == KeyType.NUMERIC_MIN ? Math.min(theirs, ours) : Math.max(theirs, ours);
        params.put(key, Long.toString(result));
        return Long.toString(result);
    }

    private String negotiateList(IscsiKey key, String offer, OperationalParameters params) {
        List<String> ours = Arrays.asList(targetValue(key).split(","));
        for (String v : offer.split(",")) {
            if (ours.contains(v)) {
                params.put(key, v);
                return v;
            }
        }
        return REJECT;
    }

    private String declare(IscsiKey key, String offer, OperationalParameters params) {
        switch (key) {
            case MAX_RECV_DATA_SEGMENT_LENGTH:
                long v = parseNumber(offer);
                if (v < key.min() || v > key.max()) {
                    return REJECT;
                }
                params.put(key, Long.toString(v));
                return null;
            case INITIATOR_ALIAS:
                params.put(key, offer);
                return null;
            default:
                // Target-only declarations (TargetAlias, TargetAddress, TargetPortalGroupTag) from an initiator.
                return REJECT;
        }
    }

    /** RFC 7143 numbers: decimal, 0x hex; -1 for anything else. */
    public static long parseNumber(String s) {
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseLong(s.substring(2), 16);
            }
            return s.isEmpty() || s.length() > 12 ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
