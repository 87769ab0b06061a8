package io.quiver.itests;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A distribution started exactly as shipped, as a user starts it, set up for hot-deploy tests: the default
 * target shows LUN 0 (fileio, {@code disk0}) and LUN 1 (nullio device {@code null1}, product id {@value
 * #NULL_PRODUCT}, from configuration files a user would drop into {@code etc/}; the minimal distribution,
 * which ships no target, gets the default one's target, disk0 and LUN 0 the same way). No feature is installed or
 * removed before the test: the distribution boots every transport and handler as a feature of its own, so
 * each can be uninstalled as it is. A session of the test's own Java initiator watches the LUNs; HotDeployIT
 * also looks with libiscsi's tools (iscsi-ls, iscsi-inq). Used by one test thread.
 */
final class HotDeployment implements AutoCloseable {

    static final String TARGET = "iqn.2026-11.io.quiver:default";
    static final String NULL_PRODUCT = "hotnull";

    final UnpackedDistribution q;
    final int iscsiPort;
    final Path work;
    /** The session that watches the LUNs; null until used and after the portal went away. */
    private RawScsiInitiator observer;

    private HotDeployment(UnpackedDistribution q, int iscsiPort, Path work) {
        this.q = q;
        this.iscsiPort = iscsiPort;
        this.work = work;
    }

    /** The default distribution ({@link #start(String, String, int, String...)} with {@code quiver.distribution}). */
    static HotDeployment start(String name, int portBase, String... systemProperties) throws Exception {
        return start("quiver.distribution", name, portBase, systemProperties);
    }

    /**
     * Unpacks the distribution tarball the system property {@code distribution} names under
     * {@code target/<name>}, on ports {@code portBase + 0..4}, with extra {@code etc/system.properties} lines,
     * starts it with {@code bin/start} and waits until both LUNs answer.
     */
    static HotDeployment start(String distribution, String name, int portBase, String... systemProperties) throws Exception {
        Path work = Path.of("target", name).toAbsolutePath();
        UnpackedDistribution q = UnpackedDistribution.unpack(Path.of(System.getProperty(distribution)), work,
                System.getProperty("java.home"), portBase);
        HotDeployment d = new HotDeployment(q, portBase + 2, work);
        Path etc = q.home().resolve("etc");
        if (!Files.exists(etc.resolve("io.quiver.transport.iscsi.target-default.cfg"))) {
            // The minimal distribution ships no target: the user's own configuration, the default distribution's.
            Files.writeString(etc.resolve("io.quiver.transport.iscsi.target-default.cfg"), "name = " + TARGET + "\nenabled = true\n");
            Files.writeString(etc.resolve("io.quiver.handler.fileio-disk0.cfg"),
                    "name = disk0\nfilename = ${karaf.data}/quiver/disk0.img\nsize = 1073741824\n");
            Files.writeString(etc.resolve("io.quiver.core.lun-default0.cfg"), "target = " + TARGET + "\nlun = 0\ndevice = disk0\n");
        }
        Files.writeString(etc.resolve("io.quiver.handler.nullio-null1.cfg"),
                "name = null1\nsize = 2147483648\nprod_id = " + NULL_PRODUCT + "\n");
        Files.writeString(etc.resolve("io.quiver.core.lun-default1.cfg"), "target = " + TARGET + "\nlun = 1\ndevice = null1\n");
        if (systemProperties.length > 0) {
            Files.writeString(etc.resolve("system.properties"), "\n" + String.join("\n", systemProperties) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
        q.start();
        try {
            UnpackedDistribution.awaitListening(d.iscsiPort);
            d.awaitLun(0, true);
            d.awaitLun(1, true);
        } catch (Exception | Error e) {
            // The test never gets the deployment to close: a failed start must not leave Quiver running.
            d.close();
            throw e;
        }
        return d;
    }

    /** {@code iscsi://} URL of a LUN of the default target. */
    String url(int lun) {
        return "iscsi://127.0.0.1:" + iscsiPort + "/" + TARGET + "/" + lun;
    }

    /** What {@code iscsi-inq} prints for a LUN (its errors included). */
    String inquiry(int lun) throws Exception {
        return tool("iscsi-inq", url(lun));
    }

    /**
     * Waits up to 60 s until the LUN is there (listed by REPORT LUNS, TEST UNIT READY answers GOOD), or
     * gone: not listed, and TEST UNIT READY answers LOGICAL UNIT NOT SUPPORTED (while its device is briefly
     * away, within the departure grace, it answers BUSY).
     */
    void awaitLun(int lun, boolean listed) throws Exception {
        String state = await(() -> lunState(lun), s -> s.startsWith(listed ? "listed, ready" : "not listed, 5/25/00"));
        if (!state.startsWith(listed ? "listed, ready" : "not listed, 5/25/00")) {
            throw new AssertionError("LUN " + lun + (listed ? " not there" : " not gone") + " after 60 s: " + state);
        }
    }

    /**
     * What the observer's session sees of a LUN: "listed"/"not listed" by REPORT LUNS, then "ready, product
     * P" or what TEST UNIT READY answered ("5/25/00", "status 08" for BUSY), or "portal unreachable".
     */
    String lunState(int lun) throws Exception {
        RawScsiInitiator.Result luns = observe(0, Cdb.reportLuns(4096), 4096);
        RawScsiInitiator.Result tur = observe(lun, Cdb.testUnitReady(), 0);
        if (luns == null || tur == null) {
            return "portal unreachable";
        }
        String listed = luns.status == 0 && Cdb.luns(luns.data).contains(lun) ? "listed, " : "not listed, ";
        if (tur.status != 0) {
            return listed + (tur.senseCode().isEmpty() ? "status " + Integer.toHexString(tur.status) : tur.senseCode());
        }
        RawScsiInitiator.Result inq = observe(lun, Cdb.inquiry(96), 96);
        return listed + "ready, product " + (inq == null || inq.status != 0 ? "?" : Cdb.product(inq.data));
    }

    /** One command through the observer's session, logged in again as needed, unit attentions retried; null if unreachable. */
    private RawScsiInitiator.Result observe(int lun, byte[] cdb, int dataIn) {
        try {
            if (observer == null) {
                observer = new RawScsiInitiator(iscsiPort, TARGET, Initiators.IQN + "observer");
            }
            RawScsiInitiator.Result r = observer.execute(lun, cdb, null, dataIn);
            for (int i = 0; i < 10 && r.status == 0x02 && r.senseCode().startsWith("6/"); i++) {
                r = observer.execute(lun, cdb, null, dataIn);
            }
            return r;
        } catch (java.io.IOException gone) {
            closeObserver();
            return null;
        }
    }

    private void closeObserver() {
        if (observer != null) {
            try {
                observer.close();
            } catch (java.io.IOException ignored) {
                // the connection is gone already
            }
            observer = null;
        }
    }

    /** Polls {@code probe} every 250 ms until {@code done} or 60 s; returns the last answer. */
    static <T> T await(java.util.concurrent.Callable<T> probe, Predicate<T> done) throws Exception {
        T last = probe.call();
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); !done.test(last) && System.nanoTime() < end;) {
            Thread.sleep(250);
            last = probe.call();
        }
        return last;
    }

    /** Runs a command in the work directory; returns its output whatever its exit status. */
    String tool(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " hung: " + out);
        }
        return out;
    }

    /** The jar of a Quiver bundle in the distribution's system repository. */
    Path systemJar(String artifactId) throws Exception {
        Path dir = q.home().resolve("system/io/quiver/" + artifactId + "/" + System.getProperty("quiver.version"));
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

    String client(String... commands) throws Exception {
        return q.client(commands);
    }

    @Override
    public void close() throws Exception {
        closeObserver();
        try {
            if (q.running()) {
                q.stop();
            }
        } finally {
            q.close();
        }
    }
}
