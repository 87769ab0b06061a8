package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The default distribution as a user starts it: unpacked, {@code bin/start} in the background, on Java 25
 * (the baseline; {@link JavaBaselineIT} shows what happens with an older default Java). The first start generates the admin password (printed once, hashed in
 * users.properties, clear text in etc/admin.password mode 0600), the console answers 401 and then 200
 * with that password, every socket is on 127.0.0.1, and {@code bin/stop} stops it. Prints the cold start
 * time and RSS for the closing notes.
 */
@RunWith(Parameterized.class)
public class FirstStartIT {

    @Parameters(name = "{0}")
    public static List<Object[]> jdks() {
        // The test JVM is the JDK the build's toolchain chose: 25 or later.
        return List.<Object[]>of(new Object[] {"java" + Runtime.version().feature(), System.getProperty("java.home"), 28190});
    }

    private final String label;
    private final String javaHome;
    private final int portBase;

    public FirstStartIT(String label, String javaHome, int portBase) {
        this.label = label;
        this.javaHome = javaHome;
        this.portBase = portBase;
    }

    @Test
    public void firstStartGeneratesTheAdminPasswordAndServesTheConsoleOnLoopbackOnly() throws Exception {
        Assume.assumeTrue("no JDK at " + javaHome, Files.isExecutable(Path.of(javaHome, "bin/java")));
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/first-start-" + label), javaHome, portBase)) {
            long t0 = System.nanoTime();
            String printed = q.start();
            String console = "http://127.0.0.1:" + portBase + "/system/console/bundles";
            assertEquals(401, HttpProbe.awaitStatus(console, null, null, 401));
            long startMillis = (System.nanoTime() - t0) / 1_000_000;

            Path passwordFile = q.home().resolve("etc/admin.password");
            String password = Files.readString(passwordFile).trim();
            assertTrue("password printed once at first start: " + printed, printed.contains(password));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            String users = Files.readString(q.home().resolve("etc/users.properties"));
            assertFalse("clear text in users.properties", users.contains(password));
            assertEquals(200, HttpProbe.awaitStatus(console, "admin", password, 200));
            assertEquals(401, HttpProbe.status(console, "admin", "wrong-password"));
            assertListensOnLoopbackOnly(portBase);

            System.out.printf("%s: console answered %d ms after bin/start; RSS %d MiB%n", label, startMillis, q.rssKib() / 1024);
            q.stop();
            assertFalse("still running after bin/stop", q.running());

            String again = q.start();
            assertFalse("the password is printed only at the first start", again.contains(password));
            assertEquals(200, HttpProbe.awaitStatus(console, "admin", password, 200));
            q.stop();
        }
    }

    /** Every TCP port of the JVM's ports range (base..base+4) that listens is bound to 127.0.0.1. */
    private static void assertListensOnLoopbackOnly(int portBase) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp6"))) {
            assertLoopbackIfOurs(line, portBase, true);
        }
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            assertLoopbackIfOurs(line, portBase, false);
        }
    }

    private static void assertLoopbackIfOurs(String line, int portBase, boolean v6) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 4 || !f[3].equals("0A")) {
            return; // header or not LISTEN
        }
        String[] local = f[1].split(":");
        int port = Integer.parseInt(local[1], 16);
        if (port < portBase || port > portBase + 4) {
            return;
        }
        String addr = local[0];
        boolean loopback = v6 ? addr.equals("0000000000000000FFFF00000100007F") || addr.equals("00000000000000000000000001000000")
                : addr.equals("0100007F");
        assertTrue("port " + port + " listens on " + addr, loopback);
    }
}
