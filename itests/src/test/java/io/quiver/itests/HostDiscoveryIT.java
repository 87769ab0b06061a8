package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Login redirection and login balancing of the shipped distribution on one node with two portals (issue 24,
 * item 3), on the host only: libiscsi's {@code iscsi-perf} logs in at portal A and keeps its session while the
 * test asks the REST API which portal the session is on. {@link #REDIRECTED}'s {@code redirect} sends every
 * login at A to B; with the driver's {@code login_balance}, {@link #BALANCED}'s second session at A is sent to B
 * because A already has one. The same node registers with Open-iSNS's isnsd, run by the test on 127.0.0.1 with
 * its files under {@code target/} (item 2). DiscoveryIT covers redirection between two nodes and open-iscsi
 * (redirection and iSNS discovery) in a guest.
 */
public class HostDiscoveryIT {

    static final String REDIRECTED = "iqn.2026-12.io.quiver:moved";
    static final String BALANCED = "iqn.2026-12.io.quiver:balanced";
    static final String SHIPPED = "iqn.2026-11.io.quiver:default";
    static final String ENTITY = "quiver-host-discovery";

    private static UnpackedDistribution node;
    private static int base;
    private static final List<Process> initiators = new ArrayList<>();

    @BeforeClass
    public static void startNode() throws Exception {
        // quiver.it.portBase pins the ports where the machine assigns ranges; otherwise any free range.
        base = Integer.getInteger("quiver.it.portBase", 0);
        base = base == 0 ? LinuxInitiatorIT.freePortBase() : base;
        node = UnpackedDistribution.unpack(Path.of(System.getProperty("quiver.distribution")),
                Path.of("target/host-discovery").toAbsolutePath(), System.getProperty("java.home"), base);
        Path etc = node.home().resolve("etc");
        Files.writeString(etc.resolve("io.quiver.transport.iscsi.config"), "portals=[\"" + portalA() + "\",\""
                + portalB() + "\"]\nlogin_balance=B\"true\"\nisns_entity_name=\"" + ENTITY + "\"\n");
        Files.writeString(etc.resolve("io.quiver.handler.ramdisk-movedisk.cfg"), "name = movedisk\nsize = 8388608\n");
        int i = 0;
        for (String target : List.of(REDIRECTED, BALANCED)) {
            Files.writeString(etc.resolve("io.quiver.transport.iscsi.target-lr" + i + ".cfg"), "name = " + target
                    + "\nenabled = true\n" + (target.equals(REDIRECTED) ? "redirect = " + portalB() + " temp\n" : ""));
            Files.writeString(etc.resolve("io.quiver.core.lun-lr" + i + ".cfg"), "target = " + target
                    + "\nlun = 0\ndevice = movedisk\n");
            i++;
        }
        node.start();
        UnpackedDistribution.awaitListening(base + 5);
        UnpackedDistribution.awaitListening(base);
    }

    private static String portalA() {
        return "127.0.0.1:" + (base + 2);
    }

    private static String portalB() {
        return "127.0.0.1:" + (base + 5);
    }

    @AfterClass
    public static void stopNode() throws Exception {
        for (Process p : initiators) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (node != null) {
            node.stop();
            node.close();
        }
    }

    @Test
    public void redirectedLoginLandsOnTheOtherPortal() throws Exception {
        holdSession(REDIRECTED, "one");
        assertEquals("iscsi-perf logged in at A and was sent to B", List.of(portalB()),
                awaitPortals(REDIRECTED, p -> !p.isEmpty()));
    }

    @Test
    public void balancingSendsTheSecondSessionToTheOtherPortal() throws Exception {
        holdSession(BALANCED, "first");
        assertEquals("both portals empty: served at A", List.of(portalA()), awaitPortals(BALANCED, p -> !p.isEmpty()));
        holdSession(BALANCED, "second");
        assertEquals("A had one session: the second went to B", List.of(portalA(), portalB()),
                awaitPortals(BALANCED, p -> p.size() == 2));
    }

    /**
     * iSNS (issue 24, item 2) against Open-iSNS's isnsd on 127.0.0.1, set through REST as an administrator
     * would: isnsadm lists the node's targets, both portals and its entity; a disabled target leaves the
     * server's list and comes back when enabled; after the server restarts with an empty database the driver
     * registers again (its refresh finds the server forgot it, within 30 s); clearing iSNSServer deregisters
     * the entity.
     */
    @Test
    public void isnsListsTargetsAndPortalsAndFollowsChanges() throws Exception {
        RestClient rest = rest();
        String server = "/api/v1/tree/targets/iscsi/attributes/iSNSServer";
        String shippedEnabled = "/api/v1/tree/targets/iscsi/" + SHIPPED + "/attributes/enabled";
        try (Isnsd isnsd = new Isnsd(Path.of("target/host-discovery/isnsd").toAbsolutePath(), base + 6)) {
            assertEquals(204, rest.json("PUT", server, "{\"value\": \"127.0.0.1:" + (base + 6) + "\"}").status);
            Predicate<String> all = o -> o.contains(REDIRECTED) && o.contains(BALANCED) && o.contains(SHIPPED);
            String nodes = isnsd.awaitList("nodes", all, 30);
            assertTrue("the node's targets: " + nodes, all.test(nodes));
            String portals = isnsd.list("portals");
            assertTrue("both portals: " + portals, portals.contains(Integer.toString(base + 2))
                    && portals.contains(Integer.toString(base + 5)));
            assertTrue(isnsd.list("entities").contains(ENTITY));

            assertEquals(204, rest.json("PUT", shippedEnabled, "{\"value\": \"false\"}").status);
            nodes = isnsd.awaitList("nodes", o -> !o.contains(SHIPPED), 30);
            assertFalse("a disabled target leaves the server: " + nodes, nodes.contains(SHIPPED));
            assertTrue("the others stay: " + nodes, nodes.contains(REDIRECTED) && nodes.contains(BALANCED));
            assertEquals(204, rest.json("PUT", shippedEnabled, "{\"value\": \"true\"}").status);
            nodes = isnsd.awaitList("nodes", all, 30);
            assertTrue("enabled again, registered again: " + nodes, all.test(nodes));

            isnsd.restart();
            long restarted = System.nanoTime();
            nodes = isnsd.awaitList("nodes", all, 50);
            System.out.println("HostDiscoveryIT: registered again " + (System.nanoTime() - restarted) / 1_000_000
                    + " ms after isnsd restarted");
            assertTrue("registered again after the server restarted empty: " + nodes, all.test(nodes));

            assertEquals(204, rest.json("PUT", server, "{\"value\": \"\"}").status);
            String entities = isnsd.awaitList("entities", o -> !o.contains(ENTITY), 30);
            assertFalse("deregistered when iSNSServer is cleared: " + entities, entities.contains(ENTITY));
        } finally {
            rest.json("PUT", shippedEnabled, "{\"value\": \"true\"}");
            rest.json("PUT", server, "{\"value\": \"\"}");
        }
    }

    private static RestClient rest() throws Exception {
        return new RestClient(base, "admin", Files.readString(node.home().resolve("etc/admin.password")).trim());
    }

    /** libiscsi's iscsi-perf at portal A (one read at a time), left running so its session stays. */
    private static void holdSession(String target, String who) throws Exception {
        Process p = new ProcessBuilder("iscsi-perf", "-i", "iqn.2026-12.io.quiver:lr-" + who, "-m", "1",
                "iscsi://" + portalA() + "/" + target + "/0").redirectErrorStream(true)
                .redirectOutput(Path.of("target/host-discovery/iscsi-perf-" + who + ".log").toFile()).start();
        initiators.add(p);
    }

    /**
     * The portals of the target's sessions as REST shows them (session attribute {@code transport.portal}),
     * sorted, once {@code ok} holds (polled for up to 30 s: the initiator logs in at its own pace).
     */
    private static List<String> awaitPortals(String target, Predicate<List<String>> ok) throws Exception {
        RestClient rest = rest();
        List<String> portals = List.of();
        String body = "";
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < deadline;) {
            RestClient.Reply r = rest.get("/api/v1/tree/targets/iscsi/" + target + "/sessions?children=true");
            body = r.body;
            if (r.status == 200) {
                portals = new ArrayList<>();
                for (Object session : (List<?>) Json.at(r.json(), "childNodes")) {
                    portals.add((String) Json.at(session, "attributes", "transport.portal", "value"));
                }
                portals.sort(null);
                if (ok.test(portals)) {
                    return portals;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("sessions of " + target + " never matched, last " + portals + ": " + body);
    }
}
