package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Login redirection over real TCP: a target's {@code redirect} answers the first Login Request with status
 * 0101h/0102h and TargetAddress, a login arriving on the destination is served, libiscsi follows the
 * redirection to a session; and the driver's login balancing sends a login to the portal with fewer of the
 * target's sessions, and never back.
 */
class LoginRedirectTest {

    private static final String A = "127.0.0.1:0";
    private static final String B = "127.0.0.2:0";

    private static void redirect(TestTargets t, LoginRedirect r) {
        IscsiTarget old = t.driver.registry().find(TestTargets.IQN);
        t.driver.putTarget(new IscsiTarget(TestTargets.IQN, null, 7, List.of(), null, Map.of(), 32, List.of(), false,
                old.scsiTarget(), r, old));
    }

    private static long nextIsid = RawInitiator.ISID;

    /** A connection to {@code portal} whose login is a session of its own (a new ISID each). */
    private static RawInitiator connect(String portal) throws Exception {
        int colon = portal.lastIndexOf(':');
        RawInitiator i = new RawInitiator(portal.substring(0, colon), Integer.parseInt(portal.substring(colon + 1)));
        i.isid = nextIsid++;
        return i;
    }

    @Test
    void redirectAnswersTheFirstRequestWithTheDestination() throws Exception {
        try (TestTargets t = new TestTargets(List.of(), null, Map.of(), A, B)) {
            String a = t.driver.registry().portals().get(0);
            String b = t.driver.registry().portals().get(1);
            redirect(t, LoginRedirect.parse(b));
            try (RawInitiator i = connect(a)) {
                RawInitiator.Pdu r = i.loginNormal(TestTargets.IQN);
                assertEquals(0x0101, r.shortAt36(), "target moved temporarily");
                assertEquals(b + ",7", r.keys().get("TargetAddress"));
            }
            try (RawInitiator i = connect(b)) {
                assertEquals(0, i.loginNormal(TestTargets.IQN).shortAt36(), "served on the destination itself");
            }
            redirect(t, LoginRedirect.parse(b + " perm"));
            try (RawInitiator i = connect(a)) {
                assertEquals(0x0102, i.loginNormal(TestTargets.IQN).shortAt36(), "moved permanently");
            }
        }
    }

    @Test
    void libiscsiFollowsTheRedirection() throws Exception {
        try (TestTargets t = new TestTargets(List.of(), null, Map.of(), A, B)) {
            String a = t.driver.registry().portals().get(0);
            // The destination is reachable only through the redirection: without following it, no session.
            redirect(t, LoginRedirect.parse(t.driver.registry().portals().get(1)));
            String out = LibiscsiToolsTest.run("iscsi-inq", "-i", "iqn.2026-11.io.quiver:initiator",
                    "iscsi://" + a + "/" + TestTargets.IQN + "/0");
            assertTrue(out.contains("QUIVER"), out);
        }
    }

    @Test
    void balancingSendsALoginToTheLessLoadedPortalAndNotBack() throws Exception {
        try (TestTargets t = new TestTargets(List.of(), null, Map.of(), A, B)) {
            t.driver.registry().balanceLogins(true);
            String a = t.driver.registry().portals().get(0);
            String b = t.driver.registry().portals().get(1);
            try (RawInitiator first = connect(a)) {
                assertEquals(0, first.loginNormal(TestTargets.IQN).shortAt36(), "both portals empty: served here");
                try (RawInitiator second = connect(a)) {
                    RawInitiator.Pdu r = second.loginNormal(TestTargets.IQN);
                    assertEquals(0x0101, r.shortAt36());
                    assertEquals(b + ",1", r.keys().get("TargetAddress"));
                }
                try (RawInitiator second = connect(b)) {
                    assertEquals(0, second.loginNormal(TestTargets.IQN).shortAt36(), "served where it was sent");
                    try (RawInitiator third = connect(b)) {
                        assertEquals(0, third.loginNormal(TestTargets.IQN).shortAt36(), "one each: a tie stays");
                    }
                }
            }
        }
    }

    @Test
    void scstFormIsRead() {
        assertNull(LoginRedirect.parse(" "));
        assertEquals(new LoginRedirect("10.0.0.2:3260", false), LoginRedirect.parse("10.0.0.2"));
        assertEquals(new LoginRedirect("10.0.0.2:3261", true), LoginRedirect.parse("10.0.0.2:3261 perm"));
        assertEquals(new LoginRedirect("[fd00::2]:3260", false), LoginRedirect.parse("[fd00::2] temp"));
        assertEquals("node2.example:3262,1", LoginRedirect.parse("node2.example:3262").targetAddress(1));
        assertThrows(IllegalArgumentException.class, () -> LoginRedirect.parse("10.0.0.2 later"));
        assertThrows(IllegalArgumentException.class, () -> LoginRedirect.parse("fd00::2"));
        assertThrows(IllegalArgumentException.class, () -> LoginRedirect.parse("10.0.0.2:70000"));
        assertThrows(IllegalArgumentException.class, () -> LoginRedirect.parse("10.0.0.2 temp x"));
    }
}
