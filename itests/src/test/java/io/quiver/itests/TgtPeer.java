package io.quiver.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * tgt's user-space target ({@code tgtd}, Debian package {@code tgt}) on 127.0.0.1 as the side-by-side peer of
 * {@link LinuxInitiatorIT}, configured like {@code shared/tools/peer/tgt-up.sh} does it: its own control port,
 * sparse backing files in the test's directory, and the same targets and credentials as Quiver's (tgt's LUN 0
 * is its controller, so the disks are LUNs 1 and 2). Used by one test thread; {@link #close()} kills tgtd.
 */
final class TgtPeer implements AutoCloseable {

    static final String TARGET = "iqn.2026-12.org.example.tgt:default";
    static final String CHAP_TARGET = "iqn.2026-12.org.example.tgt:chap";
    static final String MUTUAL_TARGET = "iqn.2026-12.org.example.tgt:mutual";
    static final String MP_TARGET_A = "iqn.2026-12.org.example.tgt:mpa";
    static final String MP_TARGET_B = "iqn.2026-12.org.example.tgt:mpb";

    private final Path dir;
    private final int port;
    private final int control;
    private final Process tgtd;

    private TgtPeer(Path dir, int port, int control, Process tgtd) {
        this.dir = dir;
        this.port = port;
        this.control = control;
        this.tgtd = tgtd;
    }

    /** Starts tgtd on 127.0.0.1:{@code portBase} (control port index {@code portBase - 29999}), or returns null without it. */
    static TgtPeer startIfInstalled(Path dir, int portBase) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/tgtd"))) {
            return null;
        }
        TgtPeer peer = start(dir, portBase);
        peer.target(1, TARGET);
        peer.lun(1, 1, "disk.img", 1L << 30);
        peer.lun(1, 2, "thin.img", 128L << 20);
        peer.adm("--op", "update", "--mode", "logicalunit", "--tid", "1", "--lun", "2", "--params", "thin_provisioning=1");
        peer.target(2, CHAP_TARGET);
        peer.lun(2, 1, "chap.img", 16L << 20);
        peer.account(2, LinuxInitiatorIT.CHAP.get("CHAP_USER"), LinuxInitiatorIT.CHAP.get("CHAP_SECRET"), false);
        peer.target(3, MUTUAL_TARGET);
        peer.lun(3, 1, "mutual.img", 16L << 20);
        peer.account(3, LinuxInitiatorIT.CHAP.get("MUTUAL_USER"), LinuxInitiatorIT.CHAP.get("MUTUAL_SECRET"), false);
        peer.account(3, LinuxInitiatorIT.CHAP.get("MUTUAL_TARGET_USER"), LinuxInitiatorIT.CHAP.get("MUTUAL_TARGET_SECRET"), true);
        // The multipath pair: one backing file behind two targets, with the same SCSI identity (tgt has no ALUA).
        for (int tid = 4; tid <= 5; tid++) {
            peer.target(tid, tid == 4 ? MP_TARGET_A : MP_TARGET_B);
            peer.lun(tid, 1, "mp.img", 64L << 20);
            peer.adm("--op", "update", "--mode", "logicalunit", "--tid", String.valueOf(tid), "--lun", "1", "--params",
                    "scsi_id=tgtmp0001,scsi_sn=tgtmp0001");
        }
        return peer;
    }

    /**
     * Starts tgtd with one target {@code iqn} and one sparse disk of {@code size} bytes at LUN 1 (tgt's LUN 0 is
     * its controller), as {@code shared/tools/peer/tgt-up.sh} does; returns null without tgtd.
     */
    static TgtPeer startDiskIfInstalled(Path dir, int portBase, String iqn, long size) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/tgtd"))) {
            return null;
        }
        TgtPeer peer = start(dir, portBase);
        peer.target(1, iqn);
        peer.lun(1, 1, "disk.img", size);
        return peer;
    }

    /** The tape target of {@link #startTapeLibraryIfInstalled}. */
    static final String TAPE_TARGET = "iqn.2026-12.org.example.tgt:tape";

    /**
     * Starts tgtd with a tape library like {@link TapeLibraryIT}'s, as tgt's own documentation builds one
     * (doc/README.sbcjukebox): drives at LUNs 1 and 2 ({@code -Y tape --bstype ssc}, no medium), the changer
     * at LUN 3 with one transport, {@code slots} storage elements from 1000, one import/export element and
     * the two drives, and cartridges TAPE01..TAPE03 (made with tgtimg once, kept across restarts) in the
     * first slots. Returns null without tgtd.
     */
    static TgtPeer startTapeLibraryIfInstalled(Path dir, int portBase, int slots) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/tgtd"))) {
            return null;
        }
        Path media = Files.createDirectories(dir.resolve("media"));
        TgtPeer peer = start(dir, portBase);
        for (String barcode : new String[] {"TAPE01", "TAPE02", "TAPE03"}) {
            if (!Files.exists(media.resolve(barcode))) {
                ProcessRun r = ProcessRun.run("tgtimg", "--op", "new", "--device-type", "tape", "--barcode", barcode,
                        "--size", "256", "--type", "data", "--file", media.resolve(barcode).toString());
                if (r.exit != 0) {
                    throw new AssertionError("tgtimg: " + r.output);
                }
            }
        }
        if (!Files.exists(media.resolve("smc"))) {
            Files.write(media.resolve("smc"), new byte[1024]);
        }
        peer.target(1, TAPE_TARGET);
        for (int lun = 1; lun <= 2; lun++) {
            peer.adm("--op", "new", "--mode", "logicalunit", "--tid", "1", "--lun", String.valueOf(lun), "-Y", "tape",
                    "--bstype", "ssc");
        }
        peer.adm("--op", "new", "--mode", "logicalunit", "--tid", "1", "--lun", "3", "-b", media.resolve("smc").toString(),
                "-Y", "changer");
        for (String p : new String[] {"element_type=1,start_address=1,quantity=1",
                "element_type=2,start_address=1000,quantity=" + slots, "element_type=3,start_address=10,quantity=1",
                "element_type=4,start_address=500,quantity=2", "element_type=4,address=500,tid=1,lun=1",
                "element_type=4,address=501,tid=1,lun=2", "media_home=" + media,
                "element_type=2,address=1000,barcode=TAPE01,sides=1", "element_type=2,address=1001,barcode=TAPE02,sides=1",
                "element_type=2,address=1002,barcode=TAPE03,sides=1"}) {
            peer.adm("--op", "update", "--mode", "logicalunit", "--tid", "1", "--lun", "3", "--params", p);
        }
        return peer;
    }

    private static TgtPeer start(Path dir, int portBase) throws Exception {
        Files.createDirectories(dir);
        int control = portBase - 30000 + 1; // tgtadm takes a control port index of at most 32767
        Process p = new ProcessBuilder("/usr/sbin/tgtd", "-f", "-C", String.valueOf(control), "--iscsi", "portal=127.0.0.1:" + portBase)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("tgtd.log").toFile())).start();
        TgtPeer peer = new TgtPeer(dir, portBase, control, p);
        ProcessRun ready = ProcessRun.untilSuccess(50, 200, () -> ProcessRun.run("tgtadm", "-C", String.valueOf(control), "--op", "show", "--mode", "sys"));
        if (ready.exit != 0) {
            peer.close();
            throw new AssertionError("tgtd did not start: " + Files.readString(dir.resolve("tgtd.log")));
        }
        return peer;
    }

    /** The open-iscsi family's environment for this tgtd. */
    Map<String, String> openIscsiEnv() {
        Map<String, String> env = new LinkedHashMap<>(LinuxInitiatorIT.CHAP);
        env.putAll(Map.of("PORTAL", "10.0.2.2:" + port, "TARGET", TARGET, "DISK_LUN", "1", "DISK_SIZE", "1073741824",
                "DISK_WCE", "write back", "THIN_LUN", "2", "HOTPLUG_LUN", "5", "CHAP_TARGET", CHAP_TARGET,
                "MUTUAL_TARGET", MUTUAL_TARGET, "CHAP_LUN", "1"));
        return env;
    }

    int port() {
        return port;
    }

    /** The guest's run-time requests: a 32 MiB LUN added to or removed from the default target. */
    String request(String request) {
        String[] w = request.split(" ");
        try {
            if ("add-lun".equals(w[0])) {
                lun(1, Integer.parseInt(w[1]), "hot.img", 32L << 20);
                return "OK";
            } else if ("remove-lun".equals(w[0])) {
                adm("--op", "delete", "--mode", "logicalunit", "--tid", "1", "--lun", w[1]);
                return "OK";
            } else if (w[0].startsWith("alua-")) {
                // No ALUA in tgt: the closest an administrator has is taking target port A offline.
                adm("--op", "update", "--mode", "target", "--tid", "4", "-n", "state", "-v",
                        "alua-unavailable".equals(w[0]) ? "offline" : "ready");
                return "OK";
            }
            return "ERROR unknown request " + request;
        } catch (Exception e) {
            return "ERROR " + e.getMessage();
        }
    }

    private void target(int tid, String iqn) throws Exception {
        adm("--op", "new", "--mode", "target", "--tid", String.valueOf(tid), "-T", iqn);
        adm("--op", "bind", "--mode", "target", "--tid", String.valueOf(tid), "-I", "ALL");
    }

    private void lun(int tid, int lun, String file, long size) throws Exception {
        Path backing = dir.resolve(file);
        if (!Files.exists(backing)) {
            UnpackedDistribution.run(dir, Map.of(), "truncate", "-s", String.valueOf(size), backing.toString());
        }
        adm("--op", "new", "--mode", "logicalunit", "--tid", String.valueOf(tid), "--lun", String.valueOf(lun), "-b", backing.toString());
    }

    private void account(int tid, String user, String secret, boolean outgoing) throws Exception {
        adm("--op", "new", "--mode", "account", "--user", user, "--password", secret);
        if (outgoing) {
            adm("--op", "bind", "--mode", "account", "--tid", String.valueOf(tid), "--user", user, "--outgoing");
        } else {
            adm("--op", "bind", "--mode", "account", "--tid", String.valueOf(tid), "--user", user);
        }
    }

    private void adm(String... args) throws Exception {
        String[] command = new String[args.length + 5];
        System.arraycopy(new String[] {"tgtadm", "-C", String.valueOf(control), "--lld", "iscsi"}, 0, command, 0, 5);
        System.arraycopy(args, 0, command, 5, args.length);
        ProcessRun r = ProcessRun.run(command);
        if (r.exit != 0) {
            throw new AssertionError(String.join(" ", command) + ": " + r.output);
        }
    }

    @Override
    public void close() throws IOException {
        tgtd.destroy();
        try {
            if (!tgtd.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                tgtd.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
