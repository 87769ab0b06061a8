package io.quiver.initiator.iscsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The initiator against tgtd (Debian's {@code tgt}), started here as itests' TgtPeer and
 * {@code shared/tools/peer/tgt-up.sh} start it: its own control port, a sparse backing file, LUN 1 (tgt's LUN
 * 0 is its controller), one CHAP account. Skipped where tgtd is not installed.
 */
class TgtdTest {

    static final int PORT = 30851;
    static final String IQN = "iqn.2026-12.org.example.tgt:initiator-test";

    @TempDir
    Path dir;

    @Test
    void readsAndWritesWithDigestsAndChap() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/tgtd")), "tgtd not installed");
        String control = String.valueOf(PORT - 30000 + 1);
        Process tgtd = new ProcessBuilder("/usr/sbin/tgtd", "-f", "-C", control, "--iscsi", "portal=127.0.0.1:" + PORT)
                .redirectErrorStream(true).redirectOutput(dir.resolve("tgtd.log").toFile()).start();
        try {
            waitReady(control);
            Path disk = dir.resolve("disk.img");
            try (var f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
                f.setLength(64L << 20);
            }
            adm(control, "--op", "new", "--mode", "target", "--tid", "1", "-T", IQN);
            adm(control, "--op", "bind", "--mode", "target", "--tid", "1", "-I", "ALL");
            adm(control, "--op", "new", "--mode", "logicalunit", "--tid", "1", "--lun", "1", "-b", disk.toString());
            IscsiSession plain = IscsiSession.login(QuiverTargetTest.group, new SessionSettings("127.0.0.1", PORT,
                    QuiverTargetTest.INITIATOR, IQN, null, null, null, null, true)).get(10, TimeUnit.SECONDS);
            QuiverTargetTest.writeReadBack(plain, 1);
            plain.logout().get(10, TimeUnit.SECONDS);
            adm(control, "--op", "new", "--mode", "account", "--user", "bob", "--password", "bobsecret1234");
            adm(control, "--op", "bind", "--mode", "account", "--tid", "1", "--user", "bob");
            IscsiSession chap = IscsiSession.login(QuiverTargetTest.group, new SessionSettings("127.0.0.1", PORT,
                    QuiverTargetTest.INITIATOR, IQN, "bob", "bobsecret1234", null, null, false)).get(10, TimeUnit.SECONDS);
            QuiverTargetTest.writeReadBack(chap, 1);
            chap.logout().get(10, TimeUnit.SECONDS);
        } finally {
            tgtd.destroy();
            if (!tgtd.waitFor(10, TimeUnit.SECONDS)) {
                tgtd.destroyForcibly();
            }
        }
    }

    private static void waitReady(String control) throws Exception {
        for (int i = 0; i < 50; i++) {
            if (run(List.of("tgtadm", "-C", control, "--op", "show", "--mode", "sys")) == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("tgtd did not start");
    }

    private static void adm(String control, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tgtadm", "-C", control, "--lld", "iscsi"));
        cmd.addAll(List.of(args));
        assertEquals(0, run(cmd), String.join(" ", cmd));
    }

    private static int run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
