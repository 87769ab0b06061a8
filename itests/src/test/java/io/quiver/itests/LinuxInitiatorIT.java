package io.quiver.itests;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Linux's own initiators against the default distribution, in a Debian guest under QEMU (TCG): open-iscsi
 * with the sd/sg drivers, sg3_utils, ext4, CHAP and run-time LUN changes ({@code guest/open-iscsi.sh}); QEMU's
 * scsi-block/scsi-generic pass-through ({@code guest/passthrough.sh}); and the hooks of the later transports
 * ({@code guest/transports.sh}). Each family runs once against Quiver and, where {@code tgtd} is installed,
 * once against tgt with the same script, and {@code target/linux-initiators/results.md} puts both side by side.
 *
 * <p>Quiver runs on a random port set; the guest reaches it as 10.0.2.2 through QEMU's user-mode network.
 */
public class LinuxInitiatorIT {

    static final String TARGET = "iqn.2026-11.io.quiver:default";
    static final String CHAP_TARGET = "iqn.2026-11.io.quiver:chap";
    static final String MUTUAL_TARGET = "iqn.2026-11.io.quiver:mutual";
    static final String MP_TARGET_A = "iqn.2026-11.io.quiver:mpa";
    static final String MP_TARGET_B = "iqn.2026-11.io.quiver:mpb";
    static final Map<String, String> CHAP = Map.of("CHAP_USER", "alice", "CHAP_SECRET", "alice-secret-12",
            "MUTUAL_USER", "bob", "MUTUAL_SECRET", "bob-secret-3456", "MUTUAL_TARGET_USER", "quiver",
            "MUTUAL_TARGET_SECRET", "target-secret-78");
    private static final int GUEST_TIMEOUT = 420;

    private static LinuxGuest guest;
    private static UnpackedDistribution quiver;
    private static int portBase;
    private static TgtPeer tgt;
    private static final Map<String, GuestReport> REPORTS = new LinkedHashMap<>();

    @BeforeClass
    public static void startTargets() throws Exception {
        guest = LinuxGuest.build();
        portBase = freePortBase();
        Path work = Path.of("target/linux-initiators").toAbsolutePath();
        quiver = UnpackedDistribution.unpack(Path.of(System.getProperty("quiver.distribution")), work.resolve("quiver"),
                System.getProperty("java.home"), portBase);
        Path etc = quiver.home().resolve("etc");
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("io.quiver.handler.ramdisk-thin1.cfg", "name = thin1\nsize = 134217728\n");
        cfg.put("io.quiver.core.lun-default1.cfg", "target = " + TARGET + "\nlun = 1\ndevice = thin1\n");
        cfg.put("io.quiver.handler.ramdisk-hot1.cfg", "name = hot1\nsize = 33554432\n");
        cfg.put("io.quiver.handler.ramdisk-chapdisk.cfg", "name = chapdisk\nsize = 16777216\n");
        cfg.put("io.quiver.transport.iscsi.target-chap.cfg", "name = " + CHAP_TARGET + "\nenabled = true\nIncomingUser = "
                + CHAP.get("CHAP_USER") + " " + CHAP.get("CHAP_SECRET") + "\n");
        cfg.put("io.quiver.core.lun-chap0.cfg", "target = " + CHAP_TARGET + "\nlun = 0\ndevice = chapdisk\n");
        cfg.put("io.quiver.handler.ramdisk-mutualdisk.cfg", "name = mutualdisk\nsize = 16777216\n");
        cfg.put("io.quiver.transport.iscsi.target-mutual.cfg", "name = " + MUTUAL_TARGET + "\nenabled = true\nIncomingUser = "
                + CHAP.get("MUTUAL_USER") + " " + CHAP.get("MUTUAL_SECRET") + "\nOutgoingUser = "
                + CHAP.get("MUTUAL_TARGET_USER") + " " + CHAP.get("MUTUAL_TARGET_SECRET") + "\n");
        cfg.put("io.quiver.core.lun-mutual0.cfg", "target = " + MUTUAL_TARGET + "\nlun = 0\ndevice = mutualdisk\n");
        // One device behind two targets in two ALUA target port groups: A active/optimized, B nonoptimized.
        cfg.put("io.quiver.handler.ramdisk-mpdisk.cfg", "name = mpdisk\nsize = 67108864\n");
        for (String ab : List.of("a", "b")) {
            String t = "a".equals(ab) ? MP_TARGET_A : MP_TARGET_B;
            cfg.put("io.quiver.transport.iscsi.target-mp" + ab + ".cfg", "name = " + t + "\nenabled = true\n");
            cfg.put("io.quiver.core.lun-mp" + ab + ".cfg", "target = " + t + "\nlun = 0\ndevice = mpdisk\n");
            cfg.put("io.quiver.core.alua.targetgroup-tg" + ab + ".cfg", "name = tg" + ab + "\ngroup.id = " + ("a".equals(ab) ? 1 : 2)
                    + "\nstate = " + ("a".equals(ab) ? "active/optimized" : "active/nonoptimized") + "\ntargets = " + t + "\n");
        }
        cfg.put("io.quiver.core.alua.devicegroup-mp.config", "name=\"mp\"\ndevices=[\"mpdisk\"]\ntarget.groups=[\"tga\",\"tgb\"]\n");
        for (Map.Entry<String, String> e : cfg.entrySet()) {
            Files.writeString(etc.resolve(e.getKey()), e.getValue());
        }
        quiver.start();
        UnpackedDistribution.awaitListening(portBase + 2);
        // The data path starts before the web server: wait until the REST API answers (the run-time requests use it).
        UnpackedDistribution.awaitListening(portBase);
        for (int i = 0; i < 180 && !restAnswers(); i++) {
            Thread.sleep(500);
        }
        tgt = TgtPeer.startIfInstalled(work.resolve("tgt"), freePortBase());
    }

    @AfterClass
    public static void stopTargets() throws Exception {
        try {
            if (quiver != null) {
                quiver.stop();
                quiver.close();
            }
        } finally {
            if (tgt != null) {
                tgt.close();
            }
            LinuxInitiatorResults.write(Path.of("target/linux-initiators/results.md"), REPORTS);
        }
    }

    @Test
    public void openIscsiAgainstQuiver() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(CHAP);
        env.putAll(Map.of("PORTAL", "10.0.2.2:" + (portBase + 2), "TARGET", TARGET, "DISK_LUN", "0",
                "DISK_SIZE", "1073741824", "DISK_WCE", "write back", "THIN_LUN", "1", "HOTPLUG_LUN", "5",
                "CHAP_TARGET", CHAP_TARGET, "MUTUAL_TARGET", MUTUAL_TARGET, "CHAP_LUN", "0"));
        quiver("open-iscsi", env, List.of()).assertNoFailure(40);
    }

    @Test
    public void openIscsiAgainstTgt() throws Exception {
        tgt("open-iscsi", tgt.openIscsiEnv(), List.of()).assertRan(40);
    }

    @Test
    public void qemuPassThroughAgainstQuiver() throws Exception {
        quiver("passthrough", PASSTHROUGH_ENV, passThroughDevices(portBase + 2, TARGET, 0, 1)).assertNoFailure(25);
    }

    @Test
    public void qemuPassThroughAgainstTgt() throws Exception {
        tgt("passthrough", PASSTHROUGH_ENV, passThroughDevices(tgt.port(), TgtPeer.TARGET, 1, 2)).assertRan(25);
    }

    @Test
    public void multipathAluaAgainstQuiver() throws Exception {
        quiver("multipath", Map.of("PORTAL", "10.0.2.2:" + (portBase + 2), "MP_TARGET_A", MP_TARGET_A,
                "MP_TARGET_B", MP_TARGET_B, "MP_LUN", "0"), List.of()).assertNoFailure(7);
    }

    @Test
    public void multipathAgainstTgt() throws Exception {
        tgt("multipath", Map.of("PORTAL", "10.0.2.2:" + tgt.port(), "MP_TARGET_A", TgtPeer.MP_TARGET_A,
                "MP_TARGET_B", TgtPeer.MP_TARGET_B, "MP_LUN", "1"), List.of()).assertRan(7);
    }

    /**
     * Two installations as shipped, both exporting {@code disk0} as LUN 0 of the same default target name: the
     * guest logs into both and must see two disks (issue 26): different NAA WWIDs and serial numbers, and
     * dm-multipath must make two maps of one path each, never one map of two "paths" to different media.
     */
    @Test
    public void twoInstallationsAreTwoDisksToLinux() throws Exception {
        int otherBase = freePortBase();
        Path work = Path.of("target/linux-initiators").toAbsolutePath();
        try (UnpackedDistribution other = UnpackedDistribution.unpack(Path.of(System.getProperty("quiver.distribution")),
                work.resolve("quiver-b"), System.getProperty("java.home"), otherBase)) {
            other.start();
            UnpackedDistribution.awaitListening(otherBase + 2);
            try {
                quiver("identity", Map.of("PORTAL_A", "10.0.2.2:" + (portBase + 2), "PORTAL_B", "10.0.2.2:" + (otherBase + 2),
                        "TARGET", TARGET, "LUN", "0"), List.of()).assertNoFailure(4);
            } finally {
                other.stop();
            }
        }
    }

    /** Runs {@code family} against Quiver and records its verdicts for the table; no check may be skipped. */
    private GuestReport quiver(String family, Map<String, String> env, List<String> qemuArgs) throws Exception {
        GuestReport r = record(family, "quiver", guest.run(family, env, workDir(family + "-quiver"), qemuArgs, this::quiverRequest,
                GUEST_TIMEOUT));
        r.assertNoSkip();
        return r;
    }

    /** Runs {@code family} against tgtd (skipped without it): its verdicts are recorded, not asserted. */
    private GuestReport tgt(String family, Map<String, String> env, List<String> qemuArgs) throws Exception {
        org.junit.Assume.assumeTrue("tgtd is not installed (apt-get install tgt)", tgt != null);
        return record(family, "tgt", guest.run(family, env, workDir(family + "-tgt"), qemuArgs, tgt::request, GUEST_TIMEOUT));
    }

    private static GuestReport record(String family, String target, GuestReport r) {
        REPORTS.put(family + " " + target, r);
        System.out.println(family + " against " + target + ": " + r.summary());
        return r;
    }

    /**
     * The hooks of the FCoE and SRP issues, independent of the target: an FCoE controller on a tap NIC in a
     * namespace of the test's own, whose FIP frames the host sees arrive, and ib_srp on a soft-RoCE device.
     */
    @Test
    public void transportHooks() throws Exception {
        TapNamespace ns = null;
        String why = "";
        try {
            ns = TapNamespace.create();
        } catch (Exception | AssertionError e) {
            why = "no tap NIC: " + e.getMessage().replace('\n', ' ');
        }
        try {
            GuestReport r = guest.run("transports", Map.of("FCOE_NIC", ns == null ? "" : "eth1", "FCOE_SKIP", why),
                    workDir("transports"), ns == null ? List.of() : ns.wrapper(), ns == null ? List.of() : ns.qemuNic(),
                    this::quiverRequest, GUEST_TIMEOUT);
            if (ns != null) {
                long frames = ns.framesFromGuest();
                r.consoleLine("CHECK fcoe_frames_reach_host_tap " + (frames > 0 ? "PASS" : "FAIL " + frames + " frames"));
            }
            record("transports", "hooks", r).assertNoFailure(6);
        } finally {
            if (ns != null) {
                ns.close();
            }
        }
    }

    private static final Map<String, String> PASSTHROUGH_ENV = Map.of("DISK_ID", "0", "THIN_ID", "1", "GENERIC_ID", "2",
            "DISK_SIZE", "1073741824");

    /**
     * QEMU's libiscsi connects from the host to 127.0.0.1:{@code port}: the disk LUN as scsi-block (SCSI id 0),
     * the thin LUN as scsi-block (id 1), the disk LUN again as scsi-generic under another initiator name (id 2).
     */
    static List<String> passThroughDevices(int port, String target, int diskLun, int thinLun) {
        String base = "driver=iscsi,transport=tcp,portal=127.0.0.1:" + port + ",target=" + target;
        String block = ",initiator-name=iqn.2026-12.io.quiver.qemu:block";
        return List.of("-device", "virtio-scsi-pci,id=scsi0",
                "-blockdev", base + ",lun=" + diskLun + block + ",node-name=disk",
                "-device", "scsi-block,drive=disk,bus=scsi0.0,channel=0,scsi-id=0,lun=0",
                "-blockdev", base + ",lun=" + thinLun + block + ",node-name=thin",
                "-device", "scsi-block,drive=thin,bus=scsi0.0,channel=0,scsi-id=1,lun=0",
                "-blockdev", base + ",lun=" + diskLun + ",initiator-name=iqn.2026-12.io.quiver.qemu:generic,node-name=generic",
                "-device", "scsi-generic,drive=generic,bus=scsi0.0,channel=0,scsi-id=2,lun=0");
    }

    /** The guest's run-time requests against Quiver, through the REST API as an administrator's script would. */
    private String quiverRequest(String request) {
        String[] w = request.split(" ");
        try {
            RestClient.Reply r;
            switch (w[0]) {
                case "add-lun":
                    r = rest().json("POST", "/api/v1/tree/targets/iscsi/" + TARGET + "/luns",
                            "{\"name\": \"" + w[1] + "\", \"attributes\": {\"device\": \"hot1\"}}");
                    break;
                case "remove-lun":
                    r = rest().send("DELETE", "/api/v1/tree/targets/iscsi/" + TARGET + "/luns/" + w[1], null, null);
                    break;
                case "alua-unavailable":
                case "alua-available":
                    r = rest().json("PUT", "/api/v1/tree/alua/target_groups/tg" + w[1].toLowerCase() + "/attributes/state",
                            "{\"value\": \"" + ("alua-unavailable".equals(w[0]) ? "unavailable" : "active/optimized") + "\"}");
                    break;
                default:
                    return "ERROR unknown request " + request;
            }
            return r.status / 100 == 2 ? "OK" : "ERROR " + r;
        } catch (Exception e) {
            return "ERROR " + e;
        }
    }

    private static boolean restAnswers() {
        try {
            return rest().get("/api/v1/tree/alua/device_groups/mp").status == 200;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static RestClient rest() throws Exception {
        return new RestClient(portBase, "admin", Files.readString(quiver.home().resolve("etc/admin.password")).trim());
    }

    static Path workDir(String name) throws Exception {
        Path dir = Path.of("target/linux-initiators", name).toAbsolutePath();
        if (Files.exists(dir)) {
            UnpackedDistribution.run(dir.getParent(), Map.of(), "rm", "-rf", name);
        }
        return Files.createDirectories(dir);
    }

    /** A random base of ten consecutive free ports in 32000-39990, so parallel runs do not collide. */
    static int freePortBase() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 32000 + 10 * ThreadLocalRandom.current().nextInt(800);
            boolean free = true;
            for (int p = base; p < base + 10 && free; p++) {
                try (ServerSocket s = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                    free = true;
                } catch (Exception taken) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new AssertionError("no free port range in 32000-39999");
    }
}
