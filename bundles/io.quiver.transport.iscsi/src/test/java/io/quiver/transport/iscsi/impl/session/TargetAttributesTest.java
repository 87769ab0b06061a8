package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * iscsi-scst's per-target attributes as a login sees them: QueuedCommands bounds the command window,
 * per_portal_acl makes initiator groups match {@code name#portal}, allowed_portal hides the target on
 * other portals (rel_tgt_id reaches the core's registration: IscsiTargetComponentTest).
 */
class TargetAttributesTest {

    private static final String RAW = "iqn.2026-11.io.quiver:raw";

    private static void reconfigure(TestTargets t, int queuedCommands, List<String> allowedPortals, boolean perPortalAcl) {
        t.driver.putTarget(new IscsiTarget(TestTargets.IQN, null, 1, List.of(), null, Map.of(), queuedCommands,
                allowedPortals, perPortalAcl, t.driver.registry().find(TestTargets.IQN).scsiTarget(), t.driver.registry().find(TestTargets.IQN)));
    }

    @Test
    void queuedCommandsBoundsMaxCmdSn() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            reconfigure(t, 4, List.of(), false);
            RawInitiator.Pdu r = i.loginNormal(TestTargets.IQN);
            assertEquals(3, r.intAt(32) - r.intAt(28), "window of 4 (the core would allow 16)");
        }
    }

    @Test
    void perPortalAclMatchesTheNameWithThePortal() throws Exception {
        try (TestTargets t = new TestTargets()) {
            reconfigure(t, 32, List.of(), true);
            String portal = t.driver.registry().portals().get(0);
            t.core.admitted.add(RAW);
            try (RawInitiator i = new RawInitiator(t.port())) {
                assertEquals(0x0202, i.loginNormal(TestTargets.IQN).shortAt36(), "the bare name is no longer matched");
            }
            t.core.admitted.add(RAW + "#" + portal);
            try (RawInitiator i = new RawInitiator(t.port())) {
                assertEquals(0, i.loginNormal(TestTargets.IQN).shortAt36());
                assertEquals(RAW + "#" + portal, t.core.logins.get(0).name());
                assertEquals(RAW + ",i,0x400001020304", t.core.logins.get(0).portName(), "the port keeps its name");
            }
        }
    }

    @Test
    void allowedPortalHidesTheTargetElsewhere() throws Exception {
        try (TestTargets t = new TestTargets()) {
            reconfigure(t, 32, List.of("10.*:3260"), false);
            try (RawInitiator i = new RawInitiator(t.port())) {
                assertEquals(0x0203, i.loginNormal(TestTargets.IQN).shortAt36());
            }
            try (RawInitiator i = new RawInitiator(t.port())) {
                i.login(true, 1, 3, RawInitiator.text("InitiatorName=" + RAW, "SessionType=Discovery"));
                RawInitiator.Pdu r = i.textRequest(false, 5, -1, "SendTargets=All\0".getBytes(StandardCharsets.UTF_8));
                assertEquals(0, r.data.length);
            }
        }
    }
}
