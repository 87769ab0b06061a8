package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Assume;
import org.junit.Test;

/**
 * The scst.conf tool in the real distribution, driven as an administrator would through
 * {@code bin/quiver-admin} (scstadmin's options over the REST API): a file with fileio, nullio and ramdisk
 * devices, two targets, an initiator group and LUNs applies and serves logins; changing one attribute in
 * the file changes only that object while a session of another target keeps working; a file naming a LUN
 * the management tree would refuse fails its check, with the file's line, before any step is applied (the
 * rollback of a failing step is the config bundle's unit tests'); write then apply is a no-op; an example from SCST's documentation
 * applies; and after a restart the written file is the same.
 */
public class ConfigToolIT {

    private static final int PORT_BASE = 30110;
    private static final int ISCSI = PORT_BASE + 2;
    private static final String T1 = "iqn.2026-11.io.quiver:cfg1";
    private static final String T2 = "iqn.2026-11.io.quiver:cfg2";

    private static final String CONFIG = """
            # Quiver ConfigToolIT
            HANDLER vdisk_fileio {
            	DEVICE fdisk {
            		filename "@HOME@/data/fdisk one.img"
            		size 67108864
            	}
            }
            HANDLER vdisk_nullio {
            	DEVICE null0
            }
            HANDLER ramdisk {
            	DEVICE ram0 { size 33554432 }
            }
            TARGET_DRIVER iscsi {
            	TARGET iqn.2026-11.io.quiver:cfg1 {
            		LUN 0 fdisk
            		LUN 1 null0 { read_only 1 }
            		GROUP keepers {
            			LUN 0 ram0
            			INITIATOR iqn.2026-11.io.quiver.itests:keep*
            		}
            	}
            	TARGET iqn.2026-11.io.quiver:cfg2 {
            		QueuedCommands 16
            		LUN 0 ram0
            	}
            }
            """;

    /**
     * After scst/README's scst.conf example (two vdisk_fileio devices with nv_cache, an iscsi target with
     * two LUNs, enabled). Changed: file paths. Removed: the driver-level "enabled 1" of TARGET_DRIVER iscsi
     * (Quiver's iSCSI driver has no driver attributes; it serves once installed).
     */
    private static final String SCST_EXAMPLE = """
            HANDLER vdisk_fileio {
            	DEVICE disk01 {
            		filename @HOME@/data/disk01
            		nv_cache 1
            		size 16777216
            	}
            	DEVICE disk02 {
            		filename @HOME@/data/disk02
            		nv_cache 1
            		size 16777216
            	}
            }

            TARGET_DRIVER iscsi {
            	TARGET iqn.2006-10.net.vlnb:tgt {
            		LUN 0 disk01
            		LUN 1 disk02

            		enabled 1
            	}
            }
            """;

    @Test
    public void applyChangeRollbackWriteAndRestart() throws Exception {
        Assume.assumeTrue("libiscsi-bin is not installed", Files.isExecutable(Path.of("/usr/bin/iscsi-inq")));
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/config-tool"), System.getProperty("java.home"), PORT_BASE)) {
            Path home = q.home().toAbsolutePath();
            q.start();
            UnpackedDistribution.awaitListening(ISCSI);
            awaitRest(home);

            Path a = file(home, "a.conf", CONFIG);
            ProcessRun applied = admin(home, "-config", a.toString(), "-noprompt");
            assertEquals(applied.output, 0, applied.exit);
            assertTrue(applied.output, applied.output.contains("applied: create /targets/iscsi/" + T1 + "/ini_groups/keepers"));
            ProcessRun inq = awaitLogin("iscsi://127.0.0.1:" + ISCSI + "/" + T1 + "/0");
            assertTrue(inq.output, inq.output.contains("Product:fdisk"));

            try (RawScsiInitiator keep = Initiators.connect(ISCSI, T1, "keeper")) {
                Initiators.clearUnitAttentions(keep, 0);
                String sessions = admin(home, "-list_sessions").output;
                assertTrue(sessions, sessions.contains("initiator=" + Initiators.IQN + "keeper"));
                assertTrue(sessions, sessions.contains("group=keepers"));

                Path b = file(home, "b.conf", CONFIG.replace("QueuedCommands 16", "QueuedCommands 24"));
                ProcessRun changed = admin(home, "-config", b.toString(), "-noprompt");
                assertEquals(changed.output, 0, changed.exit);
                assertEquals(List.of("applied: set /targets/iscsi/" + T2 + " QueuedCommands 24 (was 16)"), lines(changed.output));
                Initiators.assertGood("TEST UNIT READY on the untouched target", keep.execute(0, Cdb.testUnitReady(), null, 0));
                assertEquals("the session of the untouched target stays", sessions, admin(home, "-list_sessions").output);

                String before = admin(home, "-write_config", "-").output;
                Path c = file(home, "c.conf", CONFIG.replace("QueuedCommands 16", "QueuedCommands 32\n\t\tLUN 99999 null0")
                        .replace("DEVICE ram0 { size 33554432 }", "DEVICE ram0 { size 33554432 }\n\tDEVICE ram1"));
                ProcessRun failed = admin(home, "-config", c.toString(), "-noprompt");
                assertEquals(failed.output, 1, failed.exit);
                assertTrue(failed.output, failed.output.contains(c + ":26: /targets/iscsi/" + T2 + "/luns: not a LUN number"));
                assertEquals(failed.output, List.of(), lines(failed.output));
                assertEquals("a failed apply leaves the system as it was", before, admin(home, "-write_config", "-").output);

                Path w = home.resolve("written.conf");
                assertEquals(0, admin(home, "-write_config", w.toString()).exit);
                assertEquals("no changes\n", admin(home, "-check_config", w.toString()).output);
                assertEquals("no changes\n", admin(home, "-config", w.toString(), "-noprompt", "-force").output);

                ProcessRun scst = admin(home, "-config", file(home, "scst.conf", SCST_EXAMPLE).toString(), "-noprompt");
                assertEquals(scst.output, 0, scst.exit);
                ProcessRun lun1 = awaitLogin("iscsi://127.0.0.1:" + ISCSI + "/iqn.2006-10.net.vlnb:tgt/1");
                assertTrue(lun1.output, lun1.output.contains("Product:disk02"));
                Initiators.assertGood("TEST UNIT READY after the SCST example", keep.execute(0, Cdb.testUnitReady(), null, 0));
            }

            String running = admin(home, "-write_config", "-").output;
            assertTrue(running, running.contains("TARGET iqn.2006-10.net.vlnb:tgt {") && running.contains("nv_cache 1"));
            q.stop();
            q.start();
            UnpackedDistribution.awaitListening(ISCSI);
            awaitRest(home);
            String restarted = null;
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < deadline && !running.equals(restarted);) {
                restarted = admin(home, "-write_config", "-").output;
                Thread.sleep(500);
            }
            assertEquals("after a restart the system is as configured", running, restarted);
            q.stop();
        }
    }

    private static Path file(Path home, String name, String text) throws Exception {
        Path f = home.resolve(name);
        Files.writeString(f, text.replace("@HOME@", home.toString()));
        return f;
    }

    /** The lines of a report that say what was applied. */
    private static List<String> lines(String output) {
        return output.lines().filter(l -> l.startsWith("applied:")).toList();
    }

    /** Waits until the REST API answers (the servlet registers after the HTTP port opens). */
    private static void awaitRest(Path home) throws Exception {
        ProcessRun last = ProcessRun.untilSuccess(240, 250, () -> admin(home, "-list_target"));
        if (last.exit != 0) {
            throw new AssertionError("REST API not answering: " + last.output);
        }
    }

    private static ProcessRun admin(Path home, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = home.resolve("bin/quiver-admin").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return ProcessRun.run(home, command);
    }

    private static ProcessRun awaitLogin(String url) throws Exception {
        ProcessRun last = ProcessRun.awaitLogin(url);
        if (last.exit != 0) {
            throw new AssertionError("no login to " + url + ": " + last.output);
        }
        return last;
    }
}
