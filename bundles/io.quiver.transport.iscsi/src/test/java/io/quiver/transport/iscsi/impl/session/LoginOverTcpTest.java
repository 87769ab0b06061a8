package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.iscsi.login.ChapAlgorithm;
import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.iscsi.login.ChapValues;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Login phase over real TCP with the hand-written initiator: the cases libiscsi cannot provoke. */
class LoginOverTcpTest {

    private static int status(RawInitiator.Pdu p) {
        return p.shortAt36();
    }

    @Test
    void operationalLoginReachesFullFeaturePhase() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            RawInitiator.Pdu r = i.loginNormal(TestTargets.IQN, "HeaderDigest=None", "MaxBurstLength=4096",
                    "X-com.example.Unknown=1", "InitialR2T=Yes");
            assertEquals(0x23, r.opcode());
            assertEquals(0, status(r));
            assertEquals(0x80 | (1 << 2) | 3, r.flags());
            assertNotEquals(0, r.bhs.getShort(14));
            Map<String, String> keys = r.keys();
            assertEquals("1", keys.get("TargetPortalGroupTag"));
            assertEquals("None", keys.get("HeaderDigest"));
            assertEquals("4096", keys.get("MaxBurstLength"));
            assertEquals("NotUnderstood", keys.get("X-com.example.Unknown"));
            assertEquals("Yes", keys.get("InitialR2T"));
            assertEquals("262144", keys.get("MaxRecvDataSegmentLength"));
            assertEquals(1, t.core.logins.size());
            assertEquals("iqn.2026-11.io.quiver:raw,i,0x400001020304", t.core.logins.get(0).portName());
            byte[] id = t.core.logins.get(0).transportId();
            assertEquals(0x45, id[0]);
            assertEquals(0, (id.length - 4) % 4);
        }
    }

    @Test
    void loginFailures() throws Exception {
        try (TestTargets t = new TestTargets()) {
            try (RawInitiator i = new RawInitiator(t.port())) {
                assertEquals(0x0203, status(i.loginNormal("iqn.2026-11.io.quiver:nothing")));
                assertTrue(i.closedByTarget());
            }
            try (RawInitiator i = new RawInitiator(t.port())) {
                assertEquals(0x0207, status(i.login(true, 1, 3, RawInitiator.text("TargetName=" + TestTargets.IQN))));
            }
            try (RawInitiator i = new RawInitiator(t.port())) {
                // Transit backwards from the operational stage to security.
                assertEquals(0x0200, status(i.login(true, 1, 0, RawInitiator.text(
                        "InitiatorName=iqn.2026-11.io.quiver:raw", "TargetName=" + TestTargets.IQN))));
            }
            try (RawInitiator i = new RawInitiator(t.port())) {
                assertEquals(0x0200, status(i.loginNormal(TestTargets.IQN, "InitialR2T=Yes", "InitialR2T=No")));
            }
            try (RawInitiator i = new RawInitiator(t.port())) {
                assertEquals(0x0209, status(i.login(true, 1, 3, RawInitiator.text(
                        "InitiatorName=iqn.2026-11.io.quiver:raw", "SessionType=Bogus"))));
            }
        }
    }

    @Test
    void pduBeforeLoginDropsTheConnection() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            i.send(RawInitiator.bhs(0x40, 0x80).putInt(16, -1), null);
            assertTrue(i.closedByTarget());
        }
    }

    static String response(Map<String, String> challenge, String secret) {
        ChapAlgorithm a = ChapAlgorithm.of(Integer.parseInt(challenge.get("CHAP_A")));
        return ChapValues.encode(a.response(Integer.parseInt(challenge.get("CHAP_I")),
                secret.getBytes(StandardCharsets.UTF_8), ChapValues.decode(challenge.get("CHAP_C"))));
    }

    @Test
    void mutualChapLogin() throws Exception {
        try (TestTargets t = new TestTargets(List.of(new ChapCredentials("alice", "alicesecret12")),
                new ChapCredentials("quiver", "targetsecret1"), Map.of()); RawInitiator i = new RawInitiator(t.port())) {
            RawInitiator.Pdu r = i.login(true, 0, 1, RawInitiator.text("InitiatorName=iqn.2026-11.io.quiver:raw",
                    "SessionType=Normal", "TargetName=" + TestTargets.IQN, "AuthMethod=CHAP,None"));
            assertEquals(0, status(r));
            assertEquals("CHAP", r.keys().get("AuthMethod"));
            assertEquals(0, r.flags() & 0x80, "no transit before CHAP");
            r = i.login(false, 0, 0, RawInitiator.text("CHAP_A=5,6,7,8"));
            Map<String, String> challenge = r.keys();
            assertEquals("8", challenge.get("CHAP_A"));
            byte[] mine = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
            r = i.login(true, 0, 1, RawInitiator.text("CHAP_N=alice", "CHAP_R=" + response(challenge, "alicesecret12"),
                    "CHAP_I=7", "CHAP_C=" + ChapValues.encode(mine)));
            assertEquals(0, status(r));
            assertEquals(0x80 | 1, r.flags());
            assertEquals("quiver", r.keys().get("CHAP_N"));
            assertEquals(ChapValues.encode(ChapAlgorithm.SHA3_256.response(7,
                    "targetsecret1".getBytes(StandardCharsets.UTF_8), mine)), r.keys().get("CHAP_R"));
            r = i.login(true, 1, 3, RawInitiator.text("ImmediateData=Yes"));
            assertEquals(0, status(r));
            assertNotEquals(0, r.bhs.getShort(14));
        }
    }

    @Test
    void chapFailures() throws Exception {
        try (TestTargets t = new TestTargets(List.of(new ChapCredentials("alice", "alicesecret12")), null, Map.of())) {
            try (RawInitiator i = new RawInitiator(t.port())) {
                assertEquals(0x0201, status(i.loginNormal(TestTargets.IQN)), "skipping security is refused");
            }
            try (RawInitiator i = new RawInitiator(t.port())) {
                i.login(false, 0, 0, RawInitiator.text("InitiatorName=iqn.2026-11.io.quiver:raw",
                        "TargetName=" + TestTargets.IQN, "AuthMethod=CHAP"));
                Map<String, String> challenge = i.login(false, 0, 0, RawInitiator.text("CHAP_A=5")).keys();
                RawInitiator.Pdu r = i.login(true, 0, 1, RawInitiator.text("CHAP_N=alice",
                        "CHAP_R=" + response(challenge, "wrong-secret-1")));
                assertEquals(0x0201, status(r));
            }
        }
    }

    @Test
    void sameIsidReinstatesTheSession() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator first = new RawInitiator(t.port());
                RawInitiator second = new RawInitiator(t.port())) {
            assertEquals(0, status(first.loginNormal(TestTargets.IQN)));
            assertEquals(0, status(second.loginNormal(TestTargets.IQN)));
            assertTrue(first.closedByTarget());
            assertEquals(2, t.core.logins.size());
        }
    }
}
