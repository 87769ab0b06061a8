package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.quiver.transport.iscsi.impl.session.AsyncMessageProbe;
import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Handlers and the iSCSI transport installed, updated and uninstalled while fio (libiscsi engine) runs
 * against the default distribution: LUN 0 on fileio, LUN 1 on nullio (see {@link HotDeployment}).
 *
 * <p>fio's libiscsi engine never retries: a unit attention is one I/O error to it where a Linux initiator
 * retries. So "LUN 0 keeps serving without errors" is checked as: every failure fio saw on LUN 0 is a unit
 * attention (REPORTED LUNS DATA HAS CHANGED, which SPC-4 sends to every nexus), no other status.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class HotDeployIT {

    private static final int PORT_BASE = 30610;
    private static HotDeployment d;

    @BeforeClass
    public static void start() throws Exception {
        Fio.require();
        d = HotDeployment.start("hot-deploy", PORT_BASE);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (d != null) {
            d.close();
        }
    }

    @Test
    public void a_lunZeroServesWhileTheNullioHandlerIsUninstalledAndInstalledAgain() throws Exception {
        try (Fio.Running l0 = Fio.job("l0", d.url(0), d.work).rw("randrw").size("64m").timeBased(Duration.ofSeconds(30))
                .option("continue_on_error", "all").option("initiator", "iqn.2026-11.io.quiver:fio-l0").completionLog().start();
                Fio.Running l1 = Fio.job("l1", d.url(1), d.work).rw("randwrite").size("64m").timeBased(Duration.ofSeconds(30))
                        .option("continue_on_error", "all").option("initiator", "iqn.2026-11.io.quiver:fio-l1").start()) {
            AtomicBoolean running = new AtomicBoolean(true);
            CompletableFuture<long[]> retrying = CompletableFuture.supplyAsync(() -> retryingWrites(running));
            try {
                uninstallAndInstallNullio();
            } finally {
                running.set(false);
            }
            long[] load = retrying.get(60, TimeUnit.SECONDS);

            Fio.Result r0 = l0.await(Duration.ofSeconds(90));
            Fio.Result r1 = l1.await(Duration.ofSeconds(90));
            assertTrue(r0.toString(), r0.read().ios() > 0 && r0.write().ios() > 0);
            assertEquals("LUN 0: no failure but unit attentions", List.of(), nonUnitAttentions(r0));
            assertTrue("LUN 1's fio saw it go", !r1.scsiFailures().isEmpty());
            assertTrue("unit attentions retried: POWER ON at login, REPORTED LUNS DATA HAS CHANGED twice", load[1] >= 3);
            System.out.printf("HotDeployIT: LUN 0 while LUN 1's handler was uninstalled and installed again: retrying"
                    + " initiator %d writes, %d unit attentions retried, longest gap between completions %d ms; fio (stops"
                    + " at its first unit attention) %d I/Os, longest gap %d ms, longest I/O %.1f ms%n", load[0], load[1],
                    load[2], r0.read().ios() + r0.write().ios(), l0.longestCompletionGapMs(), r0.latMaxMs());
        }
    }

    @Test
    public void b_fileioBundleUpdateUnderWritesLosesNothing() throws Exception {
        Fio.Job region = Fio.job("region", d.url(0), d.work).rw("write").bs("64k").size("32m").verify("crc32c")
                .option("initiator", "iqn.2026-11.io.quiver:fio-region");
        Fio.Result written = region.run(Duration.ofSeconds(120));
        assertTrue(written.toString(), written.clean());

        try (Fio.Running busy = Fio.job("busy", d.url(0), d.work).rw("randwrite").option("offset", "64m").size("64m")
                .timeBased(Duration.ofSeconds(15)).option("continue_on_error", "all")
                .option("initiator", "iqn.2026-11.io.quiver:fio-busy").completionLog().start()) {
            Thread.sleep(4000);
            d.client("bundle:update io.quiver.handler.fileio");
            Fio.Result r = busy.await(Duration.ofSeconds(90));
            assertTrue(r.toString(), r.write().ios() > 0);
            List<String> fatal = r.scsiFailures().stream().filter(f -> f.contains("SENSE KEY:") && !f.contains("UNIT_ATTENTION")).toList();
            assertEquals("only retryable ends (BUSY, unit attention) while the handler was updated", List.of(), fatal);
            System.out.printf("HotDeployIT: bundle:update of fileio under writes: longest gap %d ms, %d retryable ends%n",
                    busy.longestCompletionGapMs(), r.scsiFailures().size());
        }
        Fio.Result verified = Fio.job("region", d.url(0), d.work).rw("write").bs("64k").size("32m").verify("crc32c")
                .option("verify_only", "1").option("initiator", "iqn.2026-11.io.quiver:fio-region").run(Duration.ofSeconds(120));
        assertTrue("what was written before the update reads back intact: " + verified, verified.clean());
        assertTrue(verified.toString(), verified.read().ios() > 0);
    }

    @Test
    public void c_uninstallingTheIscsiTransportAsksSessionsToLogOutFirst() throws Exception {
        try (AsyncMessageProbe probe = AsyncMessageProbe.login(d.iscsiPort, HotDeployment.TARGET, "iqn.2026-11.io.quiver:probe")) {
            d.client("feature:uninstall quiver-iscsi");
            assertEquals("AsyncEvent 1: the target requests a logout", 1, probe.awaitAsyncEvent(Duration.ofSeconds(30)));
        }
        String waiting = d.client("quiver:show /targets/iscsi/" + HotDeployment.TARGET);
        assertTrue(waiting, waiting.contains("waiting for driver iscsi"));
        d.client("feature:install quiver-iscsi");
        UnpackedDistribution.awaitListening(d.iscsiPort);
        d.awaitLun(0, true);
        Fio.Result again = Fio.job("relogin", d.url(0), d.work).rw("randread").size("16m").timeBased(Duration.ofSeconds(3))
                .option("initiator", "iqn.2026-11.io.quiver:fio-relogin").run(Duration.ofSeconds(60));
        assertTrue("initiators log in again: " + again, again.clean() && again.read().ios() > 0);
    }

    @Test
    public void d_aHandlerArrivesByEveryKarafWay() throws Exception {
        // bundle:install from the system repository.
        d.client("feature:uninstall quiver-nullio");
        d.awaitLun(1, false);
        d.client("bundle:install -s mvn:io.quiver/io.quiver.handler.nullio/" + System.getProperty("quiver.version"));
        d.awaitLun(1, true);
        d.client("bundle:uninstall io.quiver.handler.nullio");
        d.awaitLun(1, false);

        // A jar dropped into deploy/.
        java.nio.file.Path jar = d.q.home().resolve("deploy/io.quiver.handler.nullio.jar");
        Files.copy(d.systemJar("io.quiver.handler.nullio"), jar);
        d.awaitLun(1, true);
        assertTrue(d.inquiry(1).contains(HotDeployment.NULL_PRODUCT));
        Files.delete(jar);
        d.awaitLun(1, false);

        // A kar dropped into deploy/: a features repository of its own (removing a kar removes its repository's
        // features, and the distribution's repository holds all of Quiver) and the bundle, in Maven layout.
        java.nio.file.Path kar = d.work.resolve("quiver-hot-nullio.kar");
        writeKar(kar, d.systemJar("io.quiver.handler.nullio"));
        java.nio.file.Path dropped = d.q.home().resolve("deploy/quiver-hot-nullio.kar");
        Files.copy(kar, dropped);
        d.awaitLun(1, true);
        Files.delete(dropped);
        d.awaitLun(1, false);

        // And the feature again.
        d.client("feature:install quiver-nullio");
        d.awaitLun(1, true);
    }

    /** With I/O running: LUN 1 leaves with its handler, waits listed in the tree, and comes back. */
    private static void uninstallAndInstallNullio() throws Exception {
        Thread.sleep(4000);
        d.client("feature:uninstall quiver-nullio");
        String waiting = d.client("quiver:show /handlers/vdisk_nullio/null1");
        assertTrue(waiting, waiting.contains("waiting for handler vdisk_nullio"));
        d.awaitLun(1, false);
        Thread.sleep(2000);
        d.client("feature:install quiver-nullio");
        d.awaitLun(1, true);
        assertTrue("LUN 1 back with its configuration", d.inquiry(1).contains(HotDeployment.NULL_PRODUCT));
        String active = d.client("quiver:show /handlers/vdisk_nullio/null1");
        assertTrue(active, active.contains("active"));
        Thread.sleep(2000);
    }

    /** A kar with feature {@code hot-nullio} (the nullio handler) that Karaf installs when it is deployed. */
    private static void writeKar(java.nio.file.Path kar, java.nio.file.Path nullioJar) throws Exception {
        String version = System.getProperty("quiver.version");
        String features = "<features name='quiver-hot-nullio' xmlns='http://karaf.apache.org/xmlns/features/v1.6.0'>"
                + "<feature name='hot-nullio' version='1.0.0'><feature>quiver-sbc</feature>"
                + "<bundle>mvn:io.quiver/io.quiver.handler.nullio/" + version + "</bundle></feature></features>";
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(kar))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\nKaraf-Feature-Start: true\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("repository/io/quiver/hot-nullio/1.0.0/hot-nullio-1.0.0-features.xml"));
            zip.write(features.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("repository/io/quiver/io.quiver.handler.nullio/" + version
                    + "/io.quiver.handler.nullio-" + version + ".jar"));
            zip.write(Files.readAllBytes(nullioJar));
        }
    }

    /**
     * WRITE(10)s of 4 KiB at random places of LUN 0, one at a time, through a session of its own, retrying
     * unit attentions as initiators do, until {@code running} ends: {writes, unit attentions, longest gap
     * between two completions in ms}. Any other status fails.
     */
    private static long[] retryingWrites(AtomicBoolean running) {
        try (RawScsiInitiator i = new RawScsiInitiator(d.iscsiPort, HotDeployment.TARGET, "iqn.2026-11.io.quiver:retrying")) {
            java.util.Random random = new java.util.Random(7143);
            byte[] data = new byte[4096];
            long writes = 0;
            long unitAttentions = 0;
            long gap = 0;
            long last = System.nanoTime();
            while (running.get()) {
                RawScsiInitiator.Result r = i.execute(0, Cdb.write10(8 * random.nextInt(1 << 15), 8), data, 0);
                if (r.status == 0x02 && r.senseCode().startsWith("6/")) {
                    unitAttentions++;
                    continue;
                }
                assertEquals("WRITE(10) on LUN 0: " + r, 0, r.status);
                long now = System.nanoTime();
                gap = Math.max(gap, now - last);
                last = now;
                writes++;
            }
            return new long[] {writes, unitAttentions, gap / 1_000_000};
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** fio's failures on a LUN other than unit attentions (sense key 6). */
    private static List<String> nonUnitAttentions(Fio.Result r) {
        return r.scsiFailures().stream().filter(f -> !f.contains("UNIT_ATTENTION")).toList();
    }
}
