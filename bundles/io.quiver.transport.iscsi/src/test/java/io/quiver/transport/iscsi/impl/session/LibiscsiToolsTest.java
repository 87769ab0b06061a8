package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** libiscsi's command-line tools against the listener over real TCP on 127.0.0.1. */
class LibiscsiToolsTest {

    private TestTargets targets;

    @BeforeEach
    void start() throws InterruptedException {
        targets = new TestTargets();
    }

    @AfterEach
    void stop() {
        targets.close();
    }

    static String run(String... command) throws IOException, InterruptedException {
        assumeTrue(new File("/usr/bin/" + command[0]).canExecute(), command[0] + " not installed");
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, "/usr/bin/" + command[0]);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timed out: " + cmd);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void inquiry() throws Exception {
        String out = run("iscsi-inq", "-i", "iqn.2026-11.io.quiver:initiator", targets.url(0));
        assertTrue(out.contains("QUIVER"), out);
        assertTrue(out.contains("TEST RAMDISK"), out);
    }

    /** {@code busy_poll}: event loops that never sleep serve logins and commands like sleeping ones. */
    @Test
    void busyPollingEventLoopsServeCommands() throws Exception {
        targets.close();
        targets = TestTargets.busyPolling();
        String out = run("iscsi-readcapacity16", "-i", "iqn.2026-11.io.quiver:initiator", targets.url(0));
        assertTrue(out.contains("Total size:" + 2048 * 512), out);
        assertTrue(run("iscsi-inq", "-i", "iqn.2026-11.io.quiver:initiator", targets.url(0)).contains("QUIVER"));
    }

    /** {@code busy_poll_usecs}: loops that poll after I/O, then sleep, serve commands before and after sleeping. */
    @Test
    void eventLoopsPollingAfterIoServeCommands() throws Exception {
        targets.close();
        targets = TestTargets.pollingAfterIo(200);
        String out = run("iscsi-readcapacity16", "-i", "iqn.2026-11.io.quiver:initiator", targets.url(0));
        assertTrue(out.contains("Total size:" + 2048 * 512), out);
        Thread.sleep(50); // every loop asleep again
        assertTrue(run("iscsi-inq", "-i", "iqn.2026-11.io.quiver:initiator", targets.url(0)).contains("QUIVER"));
    }

    @Test
    void readCapacity16() throws Exception {
        String out = run("iscsi-readcapacity16", "-i", "iqn.2026-11.io.quiver:initiator", targets.url(0));
        assertTrue(out.contains("LOGICAL BLOCK LENGTH IN BYTES:512"), out);
        assertTrue(out.contains("Total size:" + 2048 * 512), out);
    }

    @Test
    void chapLoginOverIpv6Portal() throws Exception {
        targets.close();
        targets = new TestTargets(java.util.List.of(new io.quiver.iscsi.login.ChapCredentials(
                "alice", "alicesecret12")), null, java.util.Map.of(), "[::1]:0");
        int port = Integer.parseInt(targets.driver.registry().portals().get(0).replaceAll(".*:", ""));
        String out = run("iscsi-inq", "-i", "iqn.2026-11.io.quiver:initiator",
                "iscsi://alice%alicesecret12@[::1]:" + port + "/" + TestTargets.IQN + "/0");
        assertTrue(out.contains("QUIVER"), out);
    }

    @Test
    void listTargetsAndLuns() throws Exception {
        String out = run("iscsi-ls", "-s", "-i", "iqn.2026-11.io.quiver:initiator",
                "iscsi://127.0.0.1:" + targets.port());
        assertTrue(out.contains("Target:" + TestTargets.IQN), out);
        assertTrue(out.contains("Portal:127.0.0.1:" + targets.port() + ",1"), out);
        assertTrue(out.contains("Lun:0"), out);
    }
}
