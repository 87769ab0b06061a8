package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import java.util.List;
import java.util.Map;

/**
 * Transport and handler features removed and added back on a running distribution, by a user's two
 * ways ({@link Way}: the console's buttons, the shell's {@code feature:*} commands), while a {@link
 * RetryingWriter} keeps writing to LUN 0 (fileio) and checks afterwards that every acknowledged write reads
 * back. What a removed handler's objects show (waiting, then active again) is checked in the management tree
 * through the shell. Stateless; the ITs call it from their one thread.
 */
final class FeatureCycles {

    /** Handler features and the handler names their bundles register. */
    static final Map<String, String> HANDLERS = Map.of("quiver-fileio", "vdisk_fileio", "quiver-blockio", "vdisk_blockio",
            "quiver-nullio", "vdisk_nullio", "quiver-ramdisk", "ramdisk", "quiver-cdrom", "vcdrom", "quiver-tape", "vtape");
    /** Extents of LUN 0 each writer uses (16 MiB); every writer has a region of its own. */
    static final int SLOTS = 4096;

    /** A way to remove and add back a feature, as a user does it. */
    interface Way {
        void uninstall(String feature) throws Exception;

        void install(String feature) throws Exception;
    }

    private FeatureCycles() {
    }

    /** {@code feature:uninstall} / {@code feature:install} through {@code bin/client}; Karaf's errors fail the test. */
    static Way shell(HotDeployment d) {
        return new Way() {
            @Override
            public void uninstall(String feature) throws Exception {
                run(d, "feature:uninstall " + feature);
            }

            @Override
            public void install(String feature) throws Exception {
                run(d, "feature:install " + feature);
            }

            @Override
            public String toString() {
                return "shell";
            }
        };
    }

    /** The console page's buttons, through its HTTP endpoints; a failed job fails the test with Karaf's reason. */
    static Way console(ConsoleClient c) {
        return new Way() {
            @Override
            public void uninstall(String feature) throws Exception {
                done(c.feature("uninstall", feature));
            }

            @Override
            public void install(String feature) throws Exception {
                done(c.feature("install", feature));
            }

            private void done(Map<String, Object> job) {
                assertEquals("the console's job: " + job, "done", job.get("state"));
            }

            @Override
            public String toString() {
                return "console";
            }
        };
    }

    private static void run(HotDeployment d, String command) throws Exception {
        String out = d.client(command);
        assertFalse(command + ": " + out, out.contains("Error") || out.contains("not installed"));
    }

    /**
     * Removes and adds back each handler feature of {@code features} (none of them fileio) while LUN 0 is
     * written by a retrying initiator in region {@code region} (0, 1, ...). LUN 1 (nullio) goes with its
     * handler and its device waits; everything comes back. LUN 0's writer must see no error and no broken
     * session, and every acknowledged write must read back. Returns the writer's figures.
     */
    static String cycleHandlersWhileLunZeroServes(HotDeployment d, Way way, List<String> features, int region) throws Exception {
        try (RawScsiInitiator session = Initiators.connect(d.iscsiPort, HotDeployment.TARGET, way + "-writer-" + region);
                RawScsiInitiator reader = Initiators.connect(d.iscsiPort, HotDeployment.TARGET, way + "-reader-" + region)) {
            RetryingWriter writer = new RetryingWriter(session, 0, (long) region * SLOTS * RetryingWriter.BLOCKS, SLOTS).start();
            Thread.sleep(1000);
            for (String feature : features) {
                String handler = HANDLERS.get(feature);
                way.uninstall(feature);
                String gone = HotDeployment.await(() -> show(d, "/handlers/" + handler), s -> s.contains("not installed"));
                assertTrue(feature + " gone: " + gone, gone.contains("not installed"));
                if (feature.equals("quiver-nullio")) {
                    d.awaitLun(1, false);
                    assertTrue(show(d, "/handlers/vdisk_nullio/null1").contains("waiting for handler vdisk_nullio"));
                }
                way.install(feature);
                if (feature.equals("quiver-nullio")) {
                    d.awaitLun(1, true);
                    assertTrue(d.lunState(1), d.lunState(1).endsWith("product " + HotDeployment.NULL_PRODUCT));
                    String back = HotDeployment.await(() -> show(d, "/handlers/vdisk_nullio/null1"), s -> s.contains("active"));
                    assertTrue(back, back.contains("active"));
                }
                String installed = HotDeployment.await(() -> show(d, "/handlers/" + handler), s -> !s.contains("not installed"));
                assertFalse(feature + " back: " + installed, installed.contains("not installed"));
            }
            Thread.sleep(1000);
            writer.stop();
            assertEquals("LUN 0 while " + features + " left and came back (" + way + "): " + writer, List.of(), writer.errors);
            assertTrue(writer.toString(), writer.writes > 0);
            assertEquals("every acknowledged write reads back", List.of(), writer.verify(reader));
            return writer.toString();
        }
    }

    /**
     * Writes region {@code region} of LUN 0, then removes and adds back {@code feature} (quiver-fileio or
     * quiver-iscsi, which take LUN 0 or every session with them), and reads the region back over a new session.
     */
    static void leaveAndComeBackWithTheData(HotDeployment d, Way way, String feature, int region) throws Exception {
        RetryingWriter writer;
        try (RawScsiInitiator session = Initiators.connect(d.iscsiPort, HotDeployment.TARGET, way + "-before-" + region)) {
            writer = new RetryingWriter(session, 0, (long) region * SLOTS * RetryingWriter.BLOCKS, SLOTS).start();
            Thread.sleep(2000);
            writer.stop();
            assertEquals(writer.toString(), List.of(), writer.errors);
        }
        way.uninstall(feature);
        if (feature.equals("quiver-iscsi")) {
            String waiting = HotDeployment.await(() -> show(d, "/targets/iscsi/" + HotDeployment.TARGET),
                    s -> s.contains("waiting for driver iscsi"));
            assertTrue(waiting, waiting.contains("waiting for driver iscsi"));
            assertEquals("the portal is closed", "portal unreachable", d.lunState(0));
        } else {
            d.awaitLun(0, false);
            assertTrue(show(d, "/handlers/vdisk_fileio/disk0").contains("waiting for handler vdisk_fileio"));
        }
        way.install(feature);
        UnpackedDistribution.awaitListening(d.iscsiPort);
        d.awaitLun(0, true);
        try (RawScsiInitiator reader = Initiators.connect(d.iscsiPort, HotDeployment.TARGET, way + "-after-" + region)) {
            assertEquals(feature + " left and came back (" + way + "): what was written reads back", List.of(), writer.verify(reader));
        }
    }

    static String show(HotDeployment d, String path) throws Exception {
        return d.client("quiver:show " + path);
    }
}
