package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Login and Text requests whose text spans several PDUs (the C bit, RFC 7143 11.10.2 and 11.12.2), and
 * discovery that lists only the targets admitting the initiator. Real TCP, the hand-written initiator.
 */
class ContinuedTextTest {

    private static final String RAW = "iqn.2026-11.io.quiver:raw";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertEmptyLoginResponse(RawInitiator.Pdu r, int csg) {
        assertEquals(0x23, r.opcode());
        assertEquals(0, r.shortAt36());
        assertEquals(csg << 2, r.flags(), "no transit, no continue, same stage");
        assertEquals(0, r.data.length);
    }

    @Test
    void loginTextSplitInsideKeysIsJoinedBeforeItIsParsed() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            assertEmptyLoginResponse(i.loginContinued(1, bytes("InitiatorName=" + RAW + "\0SessionType=Nor")), 1);
            assertEmptyLoginResponse(i.loginContinued(1, bytes("mal\0TargetName=iqn.2026-11.io.q")), 1);
            RawInitiator.Pdu r = i.login(true, 1, 3, bytes("uiver:test\0MaxBurstLength=4096\0"));
            assertEquals(0, r.shortAt36());
            assertEquals(0x80 | (1 << 2) | 3, r.flags());
            assertEquals("4096", r.keys().get("MaxBurstLength"));
            assertEquals(RAW, t.core.logins.get(0).name());
        }
    }

    @Test
    void loginTextBeyondTheLimitFailsTheLogin() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            byte[] piece = bytes("X-com.example.Pad=" + "p".repeat(8000) + "\0");
            RawInitiator.Pdu r = null;
            for (int n = 0; n < 10; n++) {
                r = i.loginContinued(1, piece);
                if (r.shortAt36() != 0) {
                    break;
                }
            }
            assertEquals(0x0200, r.shortAt36(), "initiator error once the text passes 64 KiB");
            assertTrue(i.closedByTarget());
        }
    }

    @Test
    void textRequestSpanningThreePdusIsAnsweredOnceWhole() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            i.login(true, 1, 3, RawInitiator.text("InitiatorName=" + RAW, "SessionType=Discovery"));
            RawInitiator.Pdu r = i.textRequest(true, 9, -1, bytes("SendTar"));
            assertEquals(0x24, r.opcode());
            assertEquals(0, r.flags(), "empty, not final, not continued");
            assertEquals(0, r.data.length);
            assertEquals(9, r.intAt(16));
            int ttt = r.intAt(20);
            assertNotEquals(-1, ttt);
            r = i.textRequest(true, 9, ttt, bytes("gets=A"));
            assertEquals(0, r.data.length);
            assertEquals(ttt, r.intAt(20), "one TTT for the whole exchange");
            r = i.textRequest(false, 9, ttt, bytes("ll\0"));
            assertEquals(0x80, r.flags());
            assertEquals(-1, r.intAt(20));
            assertEquals(TestTargets.IQN, r.keys().get("TargetName"));

            r = i.textRequest(true, 10, -1, bytes("SendTargets="));
            i.send(RawInitiator.bhs(0x44, 0x80).putInt(16, 10).putInt(20, r.intAt(20) + 1).putInt(24, i.cmdSn++),
                    bytes("All\0"));
            RawInitiator.Pdu reject = i.receive();
            assertEquals(0x3F, reject.opcode(), "a continuation with a foreign TTT");
            assertEquals(0x09, reject.bhs.get(2) & 0xFF);
            r = i.textRequest(false, 11, -1, bytes("SendTargets=All\0"));
            assertEquals(TestTargets.IQN, r.keys().get("TargetName"), "a new exchange after the rejected one");
        }
    }

    @Test
    void discoveryAndLoginLeaveOutTargetsThatDoNotAdmitTheInitiator() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            t.core.admitted.add("iqn.2026-11.io.quiver:someone-else");
            i.login(true, 1, 3, RawInitiator.text("InitiatorName=" + RAW, "SessionType=Discovery"));
            RawInitiator.Pdu r = i.textRequest(false, 5, -1, bytes("SendTargets=All\0"));
            assertEquals(0, r.data.length, "no target for this initiator");
            r = i.textRequest(false, 6, -1, bytes("SendTargets=" + TestTargets.IQN + "\0"));
            assertEquals(0, r.data.length, "not by name either");
            t.core.admitted.add(RAW);
            r = i.textRequest(false, 7, -1, bytes("SendTargets=All\0"));
            assertEquals(TestTargets.IQN, r.keys().get("TargetName"));
        }
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            t.core.admitted.add("iqn.2026-11.io.quiver:someone-else");
            assertEquals(0x0202, i.loginNormal(TestTargets.IQN).shortAt36(), "authorization failure");
            assertTrue(i.closedByTarget());
            assertEquals(0, t.core.logins.size());
        }
    }
}
