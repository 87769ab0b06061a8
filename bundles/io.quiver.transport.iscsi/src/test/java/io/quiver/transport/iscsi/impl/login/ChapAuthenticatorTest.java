package io.quiver.transport.iscsi.impl.login;

import io.quiver.iscsi.login.ChapAlgorithm;
import io.quiver.iscsi.login.ChapValues;
import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.iscsi.login.LoginException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.iscsi.pdu.LoginStatus;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CHAP digests against independently computed vectors, algorithm choice, and one-way and mutual exchanges. */
class ChapAuthenticatorTest {

    private static final byte[] SECRET = "verysecret12".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHALLENGE = new byte[16];

    static {
        for (int i = 0; i < 16; i++) {
            CHALLENGE[i] = (byte) i;
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void vectors() {
        // Computed with Python's hashlib over id 1, "verysecret12", bytes 0..15.
        assertEquals("b0798f4fcc713851888b847a51b67f26", hex(ChapAlgorithm.MD5.response(1, SECRET, CHALLENGE)));
        assertEquals("1b6cfa5ded3e7531c39e826c53acf9336ca364e2", hex(ChapAlgorithm.SHA_1.response(1, SECRET, CHALLENGE)));
        assertEquals("dc49debc725474b69abdb94cb9f54ba1ea8df4812fb54598ed80150695c0fd07",
                hex(ChapAlgorithm.SHA_256.response(1, SECRET, CHALLENGE)));
        assertEquals("bfbb649961496f6f3e103ed25dbb6e38b883611c43e868e5e6edf26323d5e9ed",
                hex(ChapAlgorithm.SHA3_256.response(1, SECRET, CHALLENGE)));
    }

    @Test
    void valueEncodings() {
        assertEquals("0x000102", ChapValues.encode(new byte[] {0, 1, 2}));
        assertEquals(hex(new byte[] {0, 1, 2}), hex(ChapValues.decode("0x000102")));
        assertEquals(hex(new byte[] {0, 1, 2}), hex(ChapValues.decode("0bAAEC")));
        assertEquals(null, ChapValues.decode("000102"));
        assertEquals(null, ChapValues.decode("0xzz"));
    }

    @Test
    void strongestOfferedAlgorithmWins() throws LoginException {
        ChapAuthenticator chap = new ChapAuthenticator(List.of(new ChapCredentials("u", "verysecret12")), null);
        assertEquals("8", chap.challenge("5,6,7,8").get("CHAP_A"));
        assertEquals("7", new ChapAuthenticator(List.of(), null).challenge("5,7").get("CHAP_A"));
        assertEquals("5", new ChapAuthenticator(List.of(), null).challenge("5").get("CHAP_A"));
        LoginException e = assertThrows(LoginException.class, () -> new ChapAuthenticator(List.of(), null).challenge("99"));
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, e.status());
    }

    /** What an initiator computes from the target's challenge. */
    private static String answer(Map<String, String> challenge, String secret) {
        ChapAlgorithm a = ChapAlgorithm.of(Integer.parseInt(challenge.get("CHAP_A")));
        return ChapValues.encode(a.response(Integer.parseInt(challenge.get("CHAP_I")),
                secret.getBytes(StandardCharsets.UTF_8), ChapValues.decode(challenge.get("CHAP_C"))));
    }

    @Test
    void oneWayExchange() throws LoginException {
        ChapAuthenticator chap = new ChapAuthenticator(List.of(new ChapCredentials("alice", "alicesecret1")), null);
        Map<String, String> c = chap.challenge("5");
        assertTrue(chap.awaitsResponse());
        assertEquals(Map.of(), chap.verify("alice", answer(c, "alicesecret1"), null, null));
        assertTrue(chap.succeeded());
    }

    @Test
    void wrongSecretOrUserFails() throws LoginException {
        ChapAuthenticator chap = new ChapAuthenticator(List.of(new ChapCredentials("alice", "alicesecret1")), null);
        Map<String, String> c = chap.challenge("7");
        assertThrows(LoginException.class, () -> chap.verify("alice", answer(c, "wrongsecret1"), null, null));
        ChapAuthenticator other = new ChapAuthenticator(List.of(new ChapCredentials("alice", "alicesecret1")), null);
        Map<String, String> c2 = other.challenge("7");
        assertThrows(LoginException.class, () -> other.verify("bob", answer(c2, "alicesecret1"), null, null));
    }

    @Test
    void mutualExchange() throws LoginException {
        ChapAuthenticator chap = new ChapAuthenticator(List.of(new ChapCredentials("alice", "alicesecret1")),
                new ChapCredentials("target", "targetsecret"));
        Map<String, String> c = chap.challenge("6");
        byte[] initiatorChallenge = new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
        Map<String, String> back = chap.verify("alice", answer(c, "alicesecret1"), "77",
                ChapValues.encode(initiatorChallenge));
        assertEquals("target", back.get("CHAP_N"));
        assertEquals(ChapValues.encode(ChapAlgorithm.SHA_1.response(77, "targetsecret".getBytes(StandardCharsets.UTF_8),
                initiatorChallenge)), back.get("CHAP_R"));
    }

    @Test
    void reflectedChallengeIsRefused() throws LoginException {
        ChapAuthenticator chap = new ChapAuthenticator(List.of(new ChapCredentials("alice", "alicesecret1")),
                new ChapCredentials("target", "targetsecret"));
        Map<String, String> c = chap.challenge("5");
        assertThrows(LoginException.class, () -> chap.verify("alice", answer(c, "alicesecret1"), c.get("CHAP_I"),
                c.get("CHAP_C")));
    }

    @Test
    void mutualWithoutOutgoingUserFails() throws LoginException {
        ChapAuthenticator chap = new ChapAuthenticator(List.of(new ChapCredentials("alice", "alicesecret1")), null);
        Map<String, String> c = chap.challenge("5");
        assertThrows(LoginException.class, () -> chap.verify("alice", answer(c, "alicesecret1"), "1", "0x0102030405"));
    }

    @Test
    void secretsNeverPrinted() {
        assertEquals("alice ********", new ChapCredentials("alice", "alicesecret1").toString());
        assertEquals(2, ChapCredentials.parse(new String[] {"a secret-one-12", " ", "b secret two 12"}).size());
        assertThrows(IllegalArgumentException.class, () -> ChapCredentials.parse(new String[] {"nosecret"}));
    }
}
