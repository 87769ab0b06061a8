package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.nio.file.Files;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Assume;
import java.nio.file.Path;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The default distribution boots whole: every bundle active, every DS component satisfied, the core
 * service registered, the default target visible through the quiver:* shell commands and serving LUN 0
 * to libiscsi, and the Web Console behind authentication with the admin password the first start
 * generates.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QuiverDistributionIT extends QuiverTestSupport {

    private static final String DEFAULT_TARGET = "iqn.2026-11.io.quiver:default";

    private static final String CONSOLE = "http://127.0.0.1:" + HTTP_PORT + "/system/console/bundles";

    @Configuration
    public Option[] config() {
        return distribution("quiver.distribution", "Quiver");
    }

    @Test
    public void everyBundleIsActiveAndEveryComponentSatisfied() throws Exception {
        assertAllBundlesActive();
        assertAllComponentsSatisfied();
        for (String bsn : QuiverBundles.DEFAULT) {
            assertEquals(bsn + " state", org.osgi.framework.Bundle.ACTIVE, bundle(bsn).getState());
        }
        assertNotNull(service(io.quiver.spi.target.ScsiTargetCore.class));
    }

    @Inject
    SessionFactory sessionFactory;

    @Test
    public void shellCommandsShowTheDefaultTargetFromTheManagementTree() throws Exception {
        assertAllComponentsSatisfied();
        String targets = "";
        for (int i = 0; i < 100 && !targets.contains(DEFAULT_TARGET); i++) {
            Thread.sleep(100);
            targets = ShellCommands.execute(sessionFactory, "quiver:ls /targets/iscsi");
        }
        assertContains("quiver:ls /targets/iscsi", targets, DEFAULT_TARGET);
        String lun = ShellCommands.execute(sessionFactory, "quiver:show /targets/iscsi/" + DEFAULT_TARGET + "/luns/0");
        assertContains("quiver:show LUN 0", lun, "disk0");
        String handlers = ShellCommands.execute(sessionFactory, "quiver:ls /handlers");
        for (String handler : new String[] {"vdisk_fileio", "vdisk_blockio", "vdisk_nullio", "ramdisk", "vcdrom", "vtape", "vchanger"}) {
            assertContains("quiver:ls /handlers", handlers, handler);
        }
    }

    @Test
    public void theDefaultLunAnswersARealInitiatorOnTheMovedPortal() throws Exception {
        Assume.assumeTrue("libiscsi-bin is not installed", Files.isExecutable(Path.of("/usr/bin/iscsi-ls")));
        String listing = "";
        for (int i = 0; i < 100 && !listing.contains("Lun:0"); i++) {
            Thread.sleep(200);
            Process p = new ProcessBuilder("iscsi-ls", "-s", "iscsi://127.0.0.1:" + ISCSI_PORT).redirectErrorStream(true).start();
            listing = new String(p.getInputStream().readAllBytes());
            p.waitFor();
        }
        assertContains("iscsi-ls -s", listing, "Target:" + DEFAULT_TARGET);
        assertContains("iscsi-ls -s", listing, "Lun:0    Type:DIRECT_ACCESS (Size:1023M)");
    }

    @Test
    public void consoleAnswers401WithoutCredentialsAnd200WithTheGeneratedPassword() throws Exception {
        assertEquals(401, HttpProbe.awaitStatus(CONSOLE, null, null, 401));
        // Pax Exam starts Java itself, not through bin/karaf, so run the same script bin/setenv runs at a first start.
        Path home = Path.of(System.getProperty("karaf.home"));
        Process p = new ProcessBuilder("sh", home.resolve("bin/quiver-admin-password").toString())
                .redirectErrorStream(true).start();
        assertEquals(new String(p.getInputStream().readAllBytes()), 0, p.waitFor());
        String password = Files.readString(home.resolve("etc/admin.password")).trim();
        assertEquals(24, password.length());
        String users = Files.readString(home.resolve("etc/users.properties"));
        assertContains("users.properties", users, "admin = {CRYPT}");
        assertEquals("the clear text must not be in users.properties", -1, users.indexOf(password));

        assertEquals(401, HttpProbe.status(CONSOLE, null, null));
        assertEquals(401, HttpProbe.status(CONSOLE, "admin", password + "x"));
        assertEquals(401, HttpProbe.status(CONSOLE, "karaf", "karaf"));
        assertEquals(200, HttpProbe.awaitStatus(CONSOLE, "admin", password, 200));
    }
}
