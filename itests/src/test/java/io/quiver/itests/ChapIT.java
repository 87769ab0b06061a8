package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Assume;
import org.junit.Test;

/**
 * A CHAP-protected target in the real distribution, configured as a user would (etc/*.cfg with
 * iscsi-scst's {@code IncomingUser}): libiscsi logs in with the right secret and runs a conformance suite
 * through it, is refused with a wrong secret or none, the unprotected default target stays open, and the
 * management view never shows the secret.
 */
public class ChapIT {

    private static final int PORT_BASE = 28500;
    private static final String TARGET = "iqn.2026-11.io.quiver:chap";
    private static final String SECRET = "alice-secret-12";

    @Test
    public void chapTargetAdmitsOnlyTheRightSecretAndNeverShowsIt() throws Exception {
        Assume.assumeTrue("libiscsi-bin is not installed", Files.isExecutable(Path.of("/usr/bin/iscsi-inq")));
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/chap"), System.getProperty("java.home"), PORT_BASE)) {
            Path etc = q.home().resolve("etc");
            Files.writeString(etc.resolve("io.quiver.handler.ramdisk-chapdisk.cfg"), "name = chapdisk\nsize = 67108864\n");
            Files.writeString(etc.resolve("io.quiver.transport.iscsi.target-chap.cfg"),
                    "name = " + TARGET + "\nenabled = true\nIncomingUser = alice " + SECRET + "\n");
            Files.writeString(etc.resolve("io.quiver.core.lun-chap0.cfg"), "target = " + TARGET + "\nlun = 0\ndevice = chapdisk\n");
            q.start();
            UnpackedDistribution.awaitListening(PORT_BASE + 2);
            String portal = "127.0.0.1:" + (PORT_BASE + 2);

            ProcessRun ok = ProcessRun.awaitLogin("iscsi://alice%" + SECRET + "@" + portal + "/" + TARGET + "/0");
            assertEquals(ok.output, 0, ok.exit);
            assertTrue(ok.output, ok.output.contains("Product:chapdisk"));
            assertNotEquals("wrong secret admitted", 0, ProcessRun.run("iscsi-inq", "iscsi://alice%wrong-secret-99@" + portal + "/" + TARGET + "/0").exit);
            assertNotEquals("no credentials admitted", 0, ProcessRun.run("iscsi-inq", "iscsi://" + portal + "/" + TARGET + "/0").exit);
            assertEquals("the default target needs no CHAP", 0, ProcessRun.run("iscsi-inq", "iscsi://" + portal + "/iqn.2026-11.io.quiver:default/0").exit);

            ProcessRun suite = ProcessRun.run("iscsi-test-cu", "-d", "-t", "ALL.Read10", "iscsi://alice%" + SECRET + "@" + portal + "/" + TARGET + "/0");
            assertTrue(suite.output, suite.output.matches("(?s).*tests\\s+\\d+\\s+(\\d+)\\s+\\1\\s+0.*"));

            String shown = q.client("quiver:show /targets/iscsi/" + TARGET);
            assertTrue(shown, shown.contains("IncomingUser"));
            assertFalse("secret shown by quiver:show: " + shown, shown.contains(SECRET));
            q.stop();
        }
    }
}
