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
        for (Map.Entry<String, String> e : cfg.entrySet()) {
            Files.writeString(etc.resolve(e.getKey()), e.getValue());
        }
        quiver.start();
        UnpackedDistribution.awaitListening(portBase + 2);
        quiver.client("quiver:ls /targets/iscsi");
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
        GuestReport r = guest.run("open-iscsi", env, workDir("open-iscsi-quiver"), List.of(), this::quiverRequest, GUEST_TIMEOUT);
        REPORTS.put("open-iscsi quiver", r);
        System.out.println("open-iscsi against Quiver: " + r.summary());
        r.assertNoFailure(30);
    }

    @Test
    public void openIscsiAgainstTgt() throws Exception {
        org.junit.Assume.assumeTrue("tgtd is not installed (apt-get install tgt)", tgt != null);
        GuestReport r = guest.run("open-iscsi", tgt.openIscsiEnv(), workDir("open-iscsi-tgt"), List.of(), tgt::request, GUEST_TIMEOUT);
        REPORTS.put("open-iscsi tgt", r);
        System.out.println("open-iscsi against tgt: " + r.summary());
    }

    /** The guest's run-time requests against Quiver, through the shell as an administrator would. */
    private String quiverRequest(String request) {
        String[] w = request.split(" ");
        try {
            switch (w[0]) {
                case "add-lun":
                    quiver.client("quiver:create /targets/iscsi/" + TARGET + "/luns " + w[1] + " device=hot1");
                    return "OK";
                case "remove-lun":
                    quiver.client("quiver:delete /targets/iscsi/" + TARGET + "/luns/" + w[1]);
                    return "OK";
                default:
                    return "ERROR unknown request " + request;
            }
        } catch (Exception e) {
            return "ERROR " + e.getMessage();
        }
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
