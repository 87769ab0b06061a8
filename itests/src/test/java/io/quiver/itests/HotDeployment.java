package io.quiver.itests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The default distribution started as a user starts it, set up for hot-deploy tests: the default target
 * shows LUN 0 (fileio, {@code disk0}) and LUN 1 (nullio device {@code null1}, product id {@value #NULL_PRODUCT},
 * from configuration files in {@code etc/}), and every handler and transport is its own installed feature
 * rather than a part of the umbrella {@code quiver}, so each can be uninstalled alone. libiscsi's tools
 * (iscsi-ls, iscsi-inq) look at it from outside. Used by one test thread.
 */
final class HotDeployment implements AutoCloseable {

    static final String TARGET = "iqn.2026-11.io.quiver:default";
    static final String NULL_PRODUCT = "hotnull";
    /** Every feature of the umbrella, so uninstalling the umbrella leaves them all installed. */
    static final String FEATURES = "quiver-core quiver-iscsi quiver-fileio quiver-nullio quiver-blockio quiver-ramdisk quiver-cdrom";

    final UnpackedDistribution q;
    final int iscsiPort;
    final Path work;

    private HotDeployment(UnpackedDistribution q, int iscsiPort, Path work) {
        this.q = q;
        this.iscsiPort = iscsiPort;
        this.work = work;
    }

    /**
     * Unpacks the distribution under {@code target/<name>}, on ports {@code portBase + 0..4}, with extra
     * {@code etc/system.properties} lines, starts it and waits until both LUNs answer.
     */
    static HotDeployment start(String name, int portBase, String... systemProperties) throws Exception {
        Path work = Path.of("target", name).toAbsolutePath();
        UnpackedDistribution q = UnpackedDistribution.unpack(Path.of(System.getProperty("quiver.distribution")), work,
                System.getProperty("java.home"), portBase);
        HotDeployment d = new HotDeployment(q, portBase + 2, work);
        Path etc = q.home().resolve("etc");
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
            d.awaitLun(1, true);
            q.client("feature:install " + FEATURES, "feature:uninstall quiver");
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

    /** What {@code iscsi-ls -s} prints about the default portal ("Lun:0 ..." lines). */
    String luns() throws Exception {
        return tool("iscsi-ls", "-s", "iscsi://127.0.0.1:" + iscsiPort);
    }

    /** What {@code iscsi-inq} prints for a LUN (its errors included). */
    String inquiry(int lun) throws Exception {
        return tool("iscsi-inq", url(lun));
    }

    /**
     * Waits up to 60 s until iscsi-ls lists the LUN, or until it is gone: INQUIRY there answers LOGICAL UNIT
     * NOT SUPPORTED (while its device is briefly away it answers BUSY, and iscsi-ls leaves it out).
     */
    void awaitLun(int lun, boolean listed) throws Exception {
        if (!listed) {
            String inq = await(() -> inquiry(lun), s -> s.contains("LOGICAL_UNIT_NOT_SUPPORTED"));
            if (!inq.contains("LOGICAL_UNIT_NOT_SUPPORTED")) {
                throw new AssertionError("LUN " + lun + " still there after 60 s: " + inq);
            }
        }
        String out = await(this::luns, s -> s.contains("Lun:" + lun + " ") == listed);
        if (out.contains("Lun:" + lun + " ") != listed) {
            throw new AssertionError("LUN " + lun + (listed ? " not listed" : " still listed") + " after 60 s: " + out);
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
        try {
            if (q.running()) {
                q.stop();
            }
        } finally {
            q.close();
        }
    }
}
