package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import io.quiver.transport.iscsi.impl.session.RawScsiInitiator.Result;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The default distribution's security as shipped (issue 10, item 5), run through its own scripts: a
 * generated password stored hashed, every listening socket on loopback, the Web Console, the REST API
 * (when the distribution has it) and SSH refusing requests without the right credentials, CHAP secrets in
 * no view and no log, an initiator outside a target's initiator groups either refused at login
 * (Authorization failure) or seeing no LUN and reaching none of LUN 0..255, and HTTPS for the console
 * configured as docs/security.md says ({@link TlsProbe}).
 */
public class SecurityIT {

    private static final int PORT_BASE = 30720;
    private static final int HTTP_PORT = PORT_BASE;
    private static final int SSH_PORT = PORT_BASE + 1;
    private static final int ISCSI_PORT = PORT_BASE + 2;
    private static final int HTTPS_PORT = PORT_BASE + 5;
    private static final String CONSOLE = "http://127.0.0.1:" + HTTP_PORT + "/system/console/bundles";
    private static final String REST = "http://127.0.0.1:" + HTTP_PORT + "/quiver/api/v1/tree/targets";
    private static final String GUARDED = "iqn.2026-11.io.quiver:guarded";
    private static final String CHAP = "iqn.2026-11.io.quiver:chap";
    private static final String SECRET = "alice-secret-12";
    private static final String SHELL_SECRET = "bob-shell-secret-34";

    @Test
    public void shippedDistributionAuthenticatesHidesSecretsAndServesOnlyLoopback() throws Exception {
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/security"),
                System.getProperty("java.home"), PORT_BASE)) {
            configureTargets(q.home().resolve("etc"));
            q.start();
            UnpackedDistribution.awaitListening(ISCSI_PORT);
            String password = Files.readString(q.home().resolve("etc/admin.password")).trim();
            noKnownPassword(q.home(), password);
            assertEquals("console with the password", 200, HttpProbe.awaitStatus(CONSOLE, "admin", password, 200));
            assertEquals("console without credentials", 401, HttpProbe.status(CONSOLE, null, null));
            assertEquals("console with a wrong password", 401, HttpProbe.status(CONSOLE, "admin", "not-" + password));
            restNeedsCredentials(password);
            sshNeedsCredentials(q);
            onlyLoopback(q.pid());
            outsiderReachesNoLun();
            chapSecretsStayHidden(q);
            q.stop();

            TlsProbe tls = TlsProbe.enableHttps(q.home(), HTTPS_PORT);
            q.start();
            String console = "https://127.0.0.1:" + HTTPS_PORT + "/system/console/bundles";
            tls.trusting(() -> {
                assertEquals("HTTPS console with the password", 200, HttpProbe.awaitStatus(console, "admin", password, 200));
                assertEquals("HTTPS console without credentials", 401, HttpProbe.status(console, null, null));
            });
            assertEquals("plain HTTP is off", -1, HttpProbe.status(CONSOLE, "admin", password));
            onlyLoopback(q.pid());
            q.stop();
        }
    }

    private static void configureTargets(Path etc) throws Exception {
        Files.writeString(etc.resolve("io.quiver.transport.iscsi.target-guarded.cfg"), "name = " + GUARDED + "\nenabled = true\n");
        Files.writeString(etc.resolve("io.quiver.core.group-guarded.cfg"), "target = " + GUARDED
                + "\nname = hosts\ninitiators = " + Initiators.IQN + "allowed\n");
        for (int lun : List.of(0, 7)) {
            Files.writeString(etc.resolve("io.quiver.handler.ramdisk-guarded" + lun + ".cfg"), "name = guarded" + lun + "\nsize = 1048576\n");
            Files.writeString(etc.resolve("io.quiver.core.lun-guarded" + lun + ".cfg"), "target = " + GUARDED + "\nlun = " + lun
                    + "\ndevice = guarded" + lun + "\ngroup = hosts\n");
        }
        Files.writeString(etc.resolve("io.quiver.handler.ramdisk-chapdisk.cfg"), "name = chapdisk\nsize = 1048576\n");
        Files.writeString(etc.resolve("io.quiver.transport.iscsi.target-chap.cfg"),
                "name = " + CHAP + "\nenabled = true\nIncomingUser = alice " + SECRET + "\n");
        Files.writeString(etc.resolve("io.quiver.core.lun-chap0.cfg"), "target = " + CHAP + "\nlun = 0\ndevice = chapdisk\n");
    }

    private static void noKnownPassword(Path home, String password) throws Exception {
        assertTrue("a generated password of 24 characters: " + password.length(), password.length() >= 24);
        assertEquals("etc/admin.password mode", "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("etc/admin.password"))));
        String users = Files.readString(home.resolve("etc/users.properties"));
        assertTrue("users.properties holds a hash", users.contains("admin = {CRYPT}"));
        assertFalse("users.properties holds the clear password", users.contains(password));
    }

    /** REST, once the distribution has it: 401 without credentials; CHAP secrets never in its answers. */
    private static void restNeedsCredentials(String password) throws Exception {
        // The REST bundle may register its servlet after the console answers: wait for its 401 (a
        // distribution without REST keeps answering 404, and the wait ends after 60 s).
        int anonymous = HttpProbe.awaitStatus(REST, null, null, 401);
        if (anonymous == 404) {
            System.out.println("SecurityIT: no REST API in this distribution (404 on " + REST + "); console and SSH checked");
            return;
        }
        assertEquals("REST without credentials", 401, anonymous);
        assertEquals("REST with a wrong password", 401, HttpProbe.status(REST, "admin", "not-" + password));
        assertEquals("REST with the password", 200, HttpProbe.status(REST, "admin", password));
        String node = adminText(REST + "/iscsi/" + CHAP, "GET", password);
        assertTrue("REST node of the CHAP target: " + node, node.contains("IncomingUser"));
        assertFalse("CHAP secret in REST", node.contains(SECRET));
    }

    private static void sshNeedsCredentials(UnpackedDistribution q) throws Exception {
        // SSH starts after the data path (start level 30 against 25): a refusal must come from it, not from
        // a port nobody listens on yet.
        UnpackedDistribution.awaitListening(SSH_PORT);
        Process ssh = new ProcessBuilder("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-p", String.valueOf(SSH_PORT),
                "admin@127.0.0.1", "quiver:ls", "/").redirectErrorStream(true).start();
        String out = new String(ssh.getInputStream().readAllBytes());
        assertNotEquals("ssh without credentials: " + out, 0, ssh.waitFor());
        assertTrue("ssh without credentials: " + out, out.contains("Permission denied"));
        ProcessBuilder client = new ProcessBuilder("bin/client", "-a", String.valueOf(SSH_PORT), "-u", "admin",
                "-p", "a-wrong-password-1", "-r", "1", "-b").directory(q.home().toFile()).redirectErrorStream(true);
        client.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process c = client.start();
        c.getOutputStream().close();
        String clientOut = new String(c.getInputStream().readAllBytes());
        assertNotEquals("bin/client with a wrong password: " + clientOut, 0, c.waitFor());
    }

    private static void onlyLoopback(long pid) throws Exception {
        List<String> sockets = ListeningSockets.of(pid);
        assertTrue("listens on nothing", sockets.size() >= 4);
        List<String> exposed = sockets.stream().filter(s -> !ListeningSockets.loopback(s)).toList();
        assertEquals("sockets not on loopback among " + sockets, List.of(), exposed);
    }

    private static void outsiderReachesNoLun() throws Exception {
        try (RawScsiInitiator allowed = Initiators.connect(ISCSI_PORT, GUARDED, "allowed")) {
            Initiators.awaitLuns(allowed, List.of(0, 7));
        }
        RawScsiInitiator session;
        try {
            session = new RawScsiInitiator(ISCSI_PORT, GUARDED, Initiators.IQN + "outsider");
        } catch (IOException refused) {
            // iscsi-scst's answer: a target that would show this initiator no LUN refuses its login.
            assertTrue("outsider's login: " + refused.getMessage(), refused.getMessage().contains("status 202"));
            System.out.println("SecurityIT: the outsider's login was refused (Authorization failure)");
            return;
        }
        try (RawScsiInitiator outsider = session) {
            Result luns = outsider.execute(0, Cdb.reportLuns(4096), null, 4096);
            Initiators.assertGood("REPORT LUNS of an outsider", luns);
            assertEquals("LUNs an outsider sees", List.of(), Cdb.luns(luns.data));
            List<String> reached = new ArrayList<>();
            for (int lun = 0; lun < 256; lun++) {
                Result tur = outsider.execute(lun, Cdb.testUnitReady(), null, 0);
                Result read = outsider.execute(lun, Cdb.read10(0, 1), null, 512);
                if (tur.status != 2 || !tur.senseCode().equals("5/25/00") || read.status != 2
                        || !read.senseCode().equals("5/25/00") || read.data.length != 0) {
                    reached.add(lun + ": " + tur + " / " + read);
                }
            }
            assertEquals("LUNs an outsider reached", List.of(), reached);
        }
    }

    private static void chapSecretsStayHidden(UnpackedDistribution q) throws Exception {
        assertNotEquals("wrong CHAP secret admitted", 0, iscsiInq("alice%wrong-secret-99", CHAP));
        assertEquals("right CHAP secret refused", 0, iscsiInq("alice%" + SECRET, CHAP));
        String set = q.client("quiver:set /targets/iscsi/" + CHAP + " IncomingUser \"bob " + SHELL_SECRET + "\"");
        String shown = q.client("quiver:show /targets/iscsi/" + CHAP, "quiver:ls /targets/iscsi");
        for (String secret : List.of(SECRET, SHELL_SECRET)) {
            assertFalse("secret in quiver:set's output: " + set, set.contains(secret));
            assertFalse("secret in quiver:show or ls: " + shown, shown.contains(secret));
        }
        assertTrue("bob's shell-set secret refused", awaitInq("bob%" + SHELL_SECRET));
        assertNotEquals("a wrong secret for bob admitted", 0, iscsiInq("bob%wrong-secret-9999", CHAP));
        String password = Files.readString(q.home().resolve("etc/admin.password")).trim();
        String console = "http://127.0.0.1:" + HTTP_PORT + "/system/console/";
        String configurations = adminText(console + "status-Configurations.txt", "GET", password)
                + adminText(console + "configMgr/io.quiver.transport.iscsi.target~chap", "POST", password);
        assertTrue("the console's configuration views lack the CHAP target", configurations.contains(CHAP));
        for (String secret : List.of(SECRET, SHELL_SECRET)) {
            assertFalse("secret in the Web Console's configuration views", configurations.contains(secret));
        }
        try (Stream<Path> logs = Files.list(q.home().resolve("data/log"))) {
            for (Path log : (Iterable<Path>) logs::iterator) {
                String text = Files.readString(log);
                for (String secret : List.of(SECRET, SHELL_SECRET)) {
                    assertFalse("secret in " + log, text.contains(secret));
                }
            }
        }
    }

    /** The body of an HTTP request as admin (Web Console, REST). */
    private static String adminText(String url, String method, String password) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod(method);
        c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    private static boolean awaitInq(String credentials) throws Exception {
        for (int i = 0; i < 50; i++) {
            if (iscsiInq(credentials, CHAP) == 0) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static int iscsiInq(String credentials, String target) throws Exception {
        Process p = new ProcessBuilder("iscsi-inq", "iscsi://" + credentials + "@127.0.0.1:" + ISCSI_PORT + "/" + target + "/0")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
