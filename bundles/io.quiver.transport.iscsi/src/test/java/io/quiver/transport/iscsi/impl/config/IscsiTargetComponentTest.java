package io.quiver.transport.iscsi.impl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.ScsiTargetCore;
import io.quiver.spi.target.TargetDriver;
import io.quiver.iscsi.login.IscsiKey;
import io.quiver.transport.iscsi.impl.session.IscsiTarget;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

/** Target configurations map onto core registrations and login policy; the driver's portals and metatype. */
class IscsiTargetComponentTest {

    private static final String IQN = "iqn.2026-11.io.quiver:cfg";

    private final List<String> registered = new ArrayList<>();
    private final List<String> unregistered = new ArrayList<>();
    private final IscsiTargetDriver driver = new IscsiTargetDriver();

    private final ScsiTargetCore core = (TargetDriver d, String name, int relId) -> {
        registered.add(d.name() + ":" + name + ":" + relId);
        return new RecordingTarget(name);
    };

    private final class RecordingTarget implements ScsiTarget {
        private final String name;

        RecordingTarget(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int relativeTargetPortId() {
            return 1;
        }

        @Override
        public io.quiver.spi.target.Session openSession(io.quiver.spi.target.InitiatorPort i,
                io.quiver.spi.target.SessionTransport t) {
            throw new IllegalStateException("not in this test");
        }

        @Override
        public void unregister() {
            unregistered.add(name);
        }
    }

    private IscsiTargetComponent create(Map<String, Object> properties) {
        return new IscsiTargetComponent(core, driver, Configs.of(TargetConfig.class, properties), properties);
    }

    private static void modify(IscsiTargetComponent c, Map<String, Object> properties) {
        c.modified(Configs.of(TargetConfig.class, properties), properties);
    }

    @AfterEach
    void stop() {
        driver.stop();
    }

    @Test
    void enabledTargetIsRegisteredWithItsPolicy() {
        IscsiTargetComponent c = create(Map.of(
                "name", IQN, "rel__tgt__id", 7, "MaxBurstLength", 4096, "FirstBurstLength", 8192,
                "InitialR2T", true, "TargetAlias", "disk one", "allowed__portal", new String[] {"127.0.0.1:*"},
                "IncomingUser", new String[] {"alice alicesecret12"}));
        assertEquals(List.of("iscsi:" + IQN + ":7"), registered);
        IscsiTarget t = driver.registry().find(IQN);
        assertNotNull(t);
        assertEquals("disk one", t.alias());
        assertEquals("4096", t.negotiationValues().get(IscsiKey.MAX_BURST_LENGTH));
        assertEquals("8192", t.negotiationValues().get(IscsiKey.FIRST_BURST_LENGTH));
        assertEquals("4096", driver.registry().negotiationValues(t).get(IscsiKey.FIRST_BURST_LENGTH), "capped at MaxBurstLength");
        assertEquals("Yes", t.negotiationValues().get(IscsiKey.INITIAL_R2T));
        assertEquals("alice", t.incomingUsers().get(0).user());
        assertTrue(t.servesPortal("127.0.0.1:3260"));
        assertTrue(!t.servesPortal("[::1]:3260"));

        modify(c, Map.of("name", IQN, "rel__tgt__id", 7, "MaxBurstLength", 8192));
        assertEquals(1, registered.size(), "a policy change keeps the registration");
        assertEquals("8192", driver.registry().find(IQN).negotiationValues().get(IscsiKey.MAX_BURST_LENGTH));

        modify(c, Map.of("name", IQN, "rel__tgt__id", 7, "enabled", false));
        assertEquals(List.of(IQN), unregistered);
        assertNull(driver.registry().find(IQN));

        modify(c, Map.of("name", IQN, "rel__tgt__id", 7));
        assertEquals(2, registered.size());
        c.deactivate();
        assertEquals(List.of(IQN, IQN), unregistered);
    }

    @Test
    void driverDefaultsApplyToEveryKeyATargetDoesNotSet() {
        driver.applyPolicy(Configs.of(DriverConfig.class, Map.of("HeaderDigest", "None", "MaxBurstLength", 65536,
                "InitialR2T", true)));
        create(Map.of("name", IQN, "HeaderDigest", "CRC32C", "FirstBurstLength", 262144));
        IscsiTarget t = driver.registry().find(IQN);
        Map<IscsiKey, String> v = driver.registry().negotiationValues(t);
        assertEquals("CRC32C", v.get(IscsiKey.HEADER_DIGEST), "the target's own value");
        assertEquals("65536", v.get(IscsiKey.MAX_BURST_LENGTH), "the driver's default");
        assertEquals("65536", v.get(IscsiKey.FIRST_BURST_LENGTH), "own value capped by the inherited maximum");
        assertEquals("Yes", v.get(IscsiKey.INITIAL_R2T));
        assertEquals("None", driver.registry().negotiationValues(null).get(IscsiKey.HEADER_DIGEST), "discovery: defaults");

        driver.applyPolicy(Configs.of(DriverConfig.class, Map.of("MaxBurstLength", 131072)));
        assertEquals("131072", driver.registry().negotiationValues(t).get(IscsiKey.MAX_BURST_LENGTH),
                "a driver change reaches the next login without touching the target");
        assertEquals("CRC32C,None", driver.registry().negotiationValues(null).get(IscsiKey.HEADER_DIGEST));
    }

    @Test
    void disabledOrBadlyNamedTargetIsNotServed() {
        create(Map.of("name", IQN, "enabled", false));
        create(Map.of("name", "not-an-iqn"));
        assertEquals(List.of(), registered);
        assertTrue(driver.registry().targets().isEmpty());
    }

    @Test
    void driverPortalComesFromFrameworkProperties() throws Exception {
        BundleContext withProps = (BundleContext) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {BundleContext.class}, (p, m, a) ->
                        "getProperty".equals(m.getName()) ? Map.of("quiver.bind.address", "127.0.0.1",
                                "quiver.iscsi.port", "0").get(a[0]) : null);
        driver.activate(withProps, Configs.of(DriverConfig.class, Map.of()));
        assertEquals(1, driver.registry().portals().size());
        assertTrue(driver.registry().portals().get(0).startsWith("127.0.0.1:"));
        assertTrue(!driver.registry().portals().get(0).endsWith(":0"));
        driver.modified(withProps, Configs.of(DriverConfig.class, Map.of("portals",
                new String[] {"127.0.0.1:0", "192.0.2.1:3260"}, "discovery_IncomingUser", new String[] {"d secret-discovery"})));
        assertEquals(1, driver.registry().portals().size(), "the unusable portal is logged and skipped");
        assertEquals("d", driver.registry().discoveryIncomingUsers().get(0).user());
        assertEquals("iscsi", driver.name());
        assertEquals(5, driver.protocolIdentifier());
        assertEquals("io.quiver.transport.iscsi.target", driver.targetFactoryPid());
    }

    @Test
    void linuxRunsOnNativeEpoll() {
        org.junit.jupiter.api.Assumptions.assumeTrue("Linux".equals(System.getProperty("os.name"))
                && "amd64".equals(System.getProperty("os.arch")), "epoll fragment is linux-x86_64 only");
        PortalServer server = new PortalServer(1);
        try {
            assertTrue(server.usesEpoll(), String.valueOf(io.netty.channel.epoll.Epoll.unavailabilityCause()));
        } finally {
            server.shutdown();
        }
    }

    @Test
    void busyPollNeedsEpollAndIsOffByDefault() {
        PortalServer sleeping = new PortalServer(1);
        PortalServer polling = new PortalServer(1, true);
        try {
            assertFalse(sleeping.busyPolls());
            assertEquals(polling.usesEpoll(), polling.busyPolls());
        } finally {
            sleeping.shutdown();
            polling.shutdown();
        }
    }

    @Test
    void portalsParseIpv4AndIpv6() {
        assertEquals(3260, PortalServer.parse("127.0.0.1:3260").getPort());
        assertTrue(PortalServer.parse("[::1]:3261").getAddress().isLoopbackAddress());
        assertTrue(PortalServer.parse("[::1]:3261").getAddress() instanceof java.net.Inet6Address);
        assertEquals(3261, PortalServer.parse("[::1]:3261").getPort());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> PortalServer.parse("::1"));
    }

    @Test
    void secretsAreWriteOnlyInMetatype() throws Exception {
        for (String ocd : new String[] {"TargetConfig", "DriverConfig"}) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(
                    "OSGI-INF/metatype/io.quiver.transport.iscsi.impl.config." + ocd + ".xml")) {
                assertNotNull(in, ocd);
                String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("<AD [^>]*id=\"([^\"]*User)\"[^>]*type=\"([^\"]*)\"")
                        .matcher(xml);
                int users = 0;
                while (m.find()) {
                    users++;
                    assertEquals("Password", m.group(2), m.group(1));
                }
                assertEquals(2, users, ocd);
                assertTrue(!xml.contains("description=\"\""), "every attribute described");
            }
        }
    }
}
