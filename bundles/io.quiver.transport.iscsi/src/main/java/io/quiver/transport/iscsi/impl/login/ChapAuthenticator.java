package io.quiver.transport.iscsi.impl.login;

import io.quiver.iscsi.login.ChapAlgorithm;
import io.quiver.iscsi.login.ChapValues;
import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.iscsi.login.KeyNegotiator;
import io.quiver.iscsi.login.LoginException;

import io.quiver.iscsi.pdu.LoginStatus;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The target side of one CHAP exchange (RFC 7143, 12.1.3), with optional mutual authentication: picks the
 * strongest offered algorithm, challenges, checks the initiator's response against the incoming users and,
 * when the initiator challenges back, answers with the outgoing user. One instance per login; runs on the
 * login's event loop; not thread-safe.
 */
public final class ChapAuthenticator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<ChapCredentials> incoming;
    private final ChapCredentials outgoing;
    private ChapAlgorithm algorithm;
    private int identifier;
    private byte[] challenge;
    private boolean succeeded;

    /**
     * @param incoming the users an initiator may authenticate as (at least one)
     * @param outgoing the target's credentials for mutual CHAP, or {@code null}
     */
    public ChapAuthenticator(List<ChapCredentials> incoming, ChapCredentials outgoing) {
        this.incoming = incoming;
        this.outgoing = outgoing;
    }

    /** Whether a challenge was sent and no response has been checked yet. */
    public boolean awaitsResponse() {
        return challenge != null && !succeeded;
    }

    public boolean succeeded() {
        return succeeded;
    }

    /**
     * Answers CHAP_A: chooses the strongest algorithm offered and issues CHAP_I and CHAP_C.
     *
     * @throws LoginException if none of the offered algorithms is supported
     */
    public Map<String, String> challenge(String chapA) throws LoginException {
        if (challenge != null) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "CHAP_A sent twice");
        }
        List<String> offered = Arrays.asList(chapA.split(","));
        for (ChapAlgorithm a : ChapAlgorithm.values()) {
            if (offered.contains(Integer.toString(a.number()))) {
                algorithm = a;
                break;
            }
        }
        if (algorithm == null) {
            throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "no supported CHAP_A in " + chapA);
        }
        identifier = RANDOM.nextInt(256);
        challenge = new byte[Math.max(16, algorithm.digestLength())];
        RANDOM.nextBytes(challenge);
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("CHAP_A", Integer.toString(algorithm.number()));
        answer.put("CHAP_I", Integer.toString(identifier));
        answer.put("CHAP_C", ChapValues.encode(challenge));
        return answer;
    }

    /**
     * Checks CHAP_N / CHAP_R and, for mutual CHAP, answers the initiator's CHAP_I / CHAP_C.
     *
     * @param initiatorId the initiator's CHAP_I or {@code null}
     * @param initiatorChallenge the initiator's CHAP_C or {@code null}
     * @return CHAP_N and CHAP_R for mutual CHAP, else an empty map
     * @throws LoginException with AUTHENTICATION_FAILURE on any mismatch
     */
    public Map<String, String> verify(String name, String response, String initiatorId, String initiatorChallenge)
            throws LoginException {
        if (challenge == null || name == null || response == null) {
            throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "CHAP_N/CHAP_R missing or unexpected");
        }
        byte[] got = ChapValues.decode(response);
        ChapCredentials user = incoming.stream().filter(c -> c.user().equals(name)).findFirst().orElse(null);
        if (got == null || user == null
                || !MessageDigest.isEqual(got, algorithm.response(identifier, user.secret(), challenge))) {
            throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "CHAP response mismatch for " + name);
        }
        succeeded = true;
        if (initiatorId == null && initiatorChallenge == null) {
            return Map.of();
        }
        return mutual(initiatorId, initiatorChallenge);
    }

    private Map<String, String> mutual(String initiatorId, String initiatorChallenge) throws LoginException {
        byte[] theirs = initiatorChallenge == null ? null : ChapValues.decode(initiatorChallenge);
        long id = initiatorId == null ? -1 : KeyNegotiator.parseNumber(initiatorId);
        if (outgoing == null || theirs == null || theirs.length == 0 || id < 0 || id > 255
                || Arrays.equals(theirs, challenge)) {
            // A reflected challenge would let an attacker have the target answer its own challenge.
            throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "mutual CHAP not possible");
        }
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("CHAP_N", outgoing.user());
        answer.put("CHAP_R", ChapValues.encode(algorithm.response((int) id, outgoing.secret(), theirs)));
        return answer;
    }
}
