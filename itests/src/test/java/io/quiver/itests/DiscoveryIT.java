package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * iSNS registration and login redirection of the shipped distribution (issue 24), with two nodes: A serves
 * {@link #GUEST_REDIRECT} and {@link #HOST_REDIRECT}, whose {@code redirect} attributes send logins to node B,
 * which serves the same target names with a disk of {@link #B_SIZE} bytes. libiscsi (on the host) and Linux's
 * open-iscsi (in a guest) must both land on B. For iSNS, Open-iSNS's server runs inside the guest (its inquiries
 * and notifications stay there) and node A registers with it through QEMU's hostfwd on 127.0.0.1; the guest's
 * isnsadm and open-iscsi's iSNS discovery must find A's targets, and not after A's registration is removed
 * through REST.
 */
public class DiscoveryIT {

    static final String GUEST_REDIRECT = "iqn.2026-12.io.quiver:redirect-guest";
    static final String HOST_REDIRECT = "iqn.2026-12.io.quiver:redirect-host";
    static final long B_SIZE = 48L << 20;
    private static final int GUEST_TIMEOUT = 420;

    private static LinuxGuest guest;
    private static UnpackedDistribution a;
    private static UnpackedDistribution b;
    private static int baseA;
    private static int baseB;
    private static int isnsHostPort;

    @BeforeClass
    public static void startNodes() throws Exception {
        guest = LinuxGuest.build();
        baseA = LinuxInitiatorIT.freePortBase();
        baseB = LinuxInitiatorIT.freePortBase();
        isnsHostPort = baseA + 9;
        Path work = Path.of("target/discovery").toAbsolutePath();
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        a = UnpackedDistribution.unpack(tarball, work.resolve("a"), System.getProperty("java.home"), baseA);
        b = UnpackedDistribution.unpack(tarball, work.resolve("b"), System.getProperty("java.home"), baseB);
        configure(a, "adisk", 16L << 20, Map.of(GUEST_REDIRECT, "10.0.2.2:" + (baseB + 2) + " temp",
                HOST_REDIRECT, "127.0.0.1:" + (baseB + 2) + " temp"));
        configure(b, "bdisk", B_SIZE, Map.of(GUEST_REDIRECT, "", HOST_REDIRECT, ""));
        for (UnpackedDistribution n : List.of(a, b)) {
            n.start();
        }
        for (int base : List.of(baseA, baseB)) {
            UnpackedDistribution.awaitListening(base + 2);
            UnpackedDistribution.awaitListening(base);
        }
    }

    /** A ramdisk and the two redirect targets (with {@code redirect} values) exporting it as LUN 0. */
    private static void configure(UnpackedDistribution node, String disk, long size, Map<String, String> targets)
            throws Exception {
        Path etc = node.home().resolve("etc");
        Files.writeString(etc.resolve("io.quiver.handler.ramdisk-" + disk + ".cfg"), "name = " + disk + "\nsize = " + size + "\n");
        int i = 0;
        for (Map.Entry<String, String> t : targets.entrySet()) {
            Files.writeString(etc.resolve("io.quiver.transport.iscsi.target-redirect" + i + ".cfg"), "name = " + t.getKey()
                    + "\nenabled = true\n" + (t.getValue().isEmpty() ? "" : "redirect = " + t.getValue() + "\n"));
            Files.writeString(etc.resolve("io.quiver.core.lun-redirect" + i + ".cfg"), "target = " + t.getKey()
                    + "\nlun = 0\ndevice = " + disk + "\n");
            i++;
        }
    }

    @AfterClass
    public static void stopNodes() throws Exception {
        for (UnpackedDistribution n : new UnpackedDistribution[] {a, b}) {
            if (n != null) {
                n.stop();
                n.close();
            }
        }
    }

    /**
     * libiscsi logs in at A and follows the redirection: the capacity it reads is B's disk's. (libiscsi 1.19
     * follows a temporary redirection only; 0102h "moved permanently" is a login failure to it, so the
     * permanent form is checked at the PDU level in the driver's LoginRedirectTest.)
     */
    @Test
    public void libiscsiLandsOnTheOtherNode() throws Exception {
        ProcessRun r = ProcessRun.run("iscsi-readcapacity16", "-i", "iqn.2026-12.io.quiver:libiscsi",
                "iscsi://127.0.0.1:" + (baseA + 2) + "/" + HOST_REDIRECT + "/0");
        assertEquals(r.output, 0, r.exit);
        assertTrue(r.output, r.output.contains("Total size:" + B_SIZE));
    }

    /** open-iscsi and isnsd in the guest: see {@code guest/discovery.sh}. */
    @Test
    public void linuxDiscoversThroughIsnsAndFollowsRedirection() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORTAL_A", "10.0.2.2:" + (baseA + 2));
        env.put("PORTAL_B", "10.0.2.2:" + (baseB + 2));
        env.put("REDIRECT_TARGET", GUEST_REDIRECT);
        env.put("B_SIZE", Long.toString(B_SIZE));
        env.put("ISNS_TARGETS", String.join(" ", LinuxInitiatorIT.TARGET, GUEST_REDIRECT, HOST_REDIRECT));
        GuestReport r = guest.run("discovery", env, LinuxInitiatorIT.workDir("discovery"), List.of(),
                "hostfwd=tcp:127.0.0.1:" + isnsHostPort + "-:3205", List.of(), DiscoveryIT::request, GUEST_TIMEOUT);
        System.out.println("discovery against quiver: " + r.summary());
        r.assertNoSkip();
        r.assertNoFailure(7);
    }

    /** The guest's requests: node A's iSNS registration on and off, through REST as an administrator would. */
    private static String request(String request) {
        try {
            String value = switch (request) {
                case "isns-register" -> "127.0.0.1:" + isnsHostPort;
                case "isns-deregister" -> "";
                default -> null;
            };
            if (value == null) {
                return "ERROR unknown request " + request;
            }
            RestClient rest = new RestClient(baseA, "admin", Files.readString(a.home().resolve("etc/admin.password")).trim());
            RestClient.Reply reply = rest.json("PUT", "/api/v1/tree/targets/iscsi/attributes/iSNSServer",
                    "{\"value\": \"" + value + "\"}");
            return reply.status / 100 == 2 ? "OK" : "ERROR " + reply;
        } catch (Exception e) {
            return "ERROR " + e;
        }
    }
}
