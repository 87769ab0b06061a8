package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.iscsi.login.ChapCredentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failed CHAP logins: logged with the initiator's name and address but never a secret or a CHAP value, and
 * refused per address (status 0x0201) after five failures, even with the right secret, for the back-off.
 */
class ChapFailureTest {

    private static final String SECRET = "alicesecret12";
    private static final String WRONG = "wrong-secret-1";

    /** One CHAP login; returns the final status and records the CHAP_R values sent. */
    private static int chapLogin(int port, String secret, List<String> responses) throws Exception {
        try (RawInitiator i = new RawInitiator(port)) {
            RawInitiator.Pdu r = i.login(false, 0, 0, RawInitiator.text("InitiatorName=iqn.2026-11.io.quiver:raw",
                    "TargetName=" + TestTargets.IQN, "AuthMethod=CHAP"));
            if (r.shortAt36() != 0) {
                return r.shortAt36();
            }
            Map<String, String> challenge = i.login(false, 0, 0, RawInitiator.text("CHAP_A=5")).keys();
            String response = LoginOverTcpTest.response(challenge, secret);
            responses.add(response.substring(2));
            return i.login(true, 0, 1, RawInitiator.text("CHAP_N=alice", "CHAP_R=" + response)).shortAt36();
        }
    }

    @Test
    void failuresAreLoggedWithoutSecretsAndRateLimitedPerAddress() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> responses = new java.util.ArrayList<>();
        try (TestTargets t = new TestTargets(List.of(new ChapCredentials("alice", SECRET)), null, Map.of())) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                assertEquals(0, chapLogin(t.port(), SECRET, responses), "the right secret logs in");
                for (int n = 0; n < 5; n++) {
                    assertEquals(0x0201, chapLogin(t.port(), WRONG, responses));
                }
                assertEquals(0x0201, chapLogin(t.port(), SECRET, responses), "refused during the back-off");
                assertEquals(6, responses.size(), "the refused login got no challenge");
            } finally {
                System.setErr(err);
            }
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("authentication failed for initiator iqn.2026-11.io.quiver:raw from 127.0.0.1"), log);
        assertTrue(log.contains("refusing logins from 127.0.0.1"), log);
        assertFalse(log.contains(SECRET), "secret logged");
        assertFalse(log.contains(WRONG), "wrong secret logged");
        for (String r : responses) {
            assertFalse(log.toLowerCase().contains(r.toLowerCase()), "CHAP response logged");
        }
    }
}
