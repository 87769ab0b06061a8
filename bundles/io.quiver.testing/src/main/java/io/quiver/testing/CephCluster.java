package io.quiver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway single-host Ceph cluster for the tests of RBD devices: one monitor, one manager and one or more
 * OSDs on memstore, a pool {@code rbd} initialised for RBD and cephx with a {@code client.admin} keyring, every
 * daemon bound to 127.0.0.1 in the ports given. Started by {@code ceph-cluster.sh} (beside this class) from
 * Debian's packages in a directory of its own; {@link #close()} kills the daemons by PID and removes the
 * directory. Use it in try-with-resources. Not thread-safe; one cluster per port range at a time.
 *
 * <p>With several OSDs the pool keeps one copy on each (min_size 1), and an OSD killed with
 * {@link #killOsd} is marked down within seconds; {@link #startOsd} brings it back empty (memstore keeps
 * nothing across a restart) and it backfills from the others ({@link #awaitClean}).
 */
public final class CephCluster implements AutoCloseable {

    private final Path dir;
    private final Path script;
    private final Duration startup;

    private CephCluster(Path dir, Path script, Duration startup) {
        this.dir = dir;
        this.script = script;
        this.startup = startup;
    }

    /** Whether the Ceph daemons and tools are installed (ceph-mon, ceph-osd, ceph-mgr, ceph-common). */
    public static boolean installed() {
        return List.of("ceph-mon", "ceph-osd", "ceph-mgr", "rbd", "ceph", "monmaptool", "ceph-authtool").stream()
                .allMatch(tool -> Files.isExecutable(Path.of("/usr/bin", tool)));
    }

    /**
     * Starts a cluster in a new directory under {@code parent}: the monitor on {@code 127.0.0.1:monPort}, the
     * other daemons on ports from {@code portMin} to {@code portMax}.
     *
     * @throws IOException when it does not come up within two minutes (the script's output says why)
     */
    public static CephCluster start(Path parent, int monPort, int portMin, int portMax) throws IOException {
        return start(parent, monPort, portMin, portMax, 1);
    }

    /**
     * As {@link #start(Path, int, int, int)} with {@code osds} OSDs (ids 0 to {@code osds - 1}) and the pool
     * at size {@code osds}, min_size 1: each OSD binds four ports, and a restarted one four more while the old
     * ones may still linger, so give the range room.
     */
    public static CephCluster start(Path parent, int monPort, int portMin, int portMax, int osds)
            throws IOException {
        if (osds < 1) {
            throw new IllegalArgumentException("osds: " + osds);
        }
        Files.createDirectories(parent);
        // absolute: the paths in ceph.conf and conf() are read by processes with other working directories
        Path work = Files.createTempDirectory(parent.toAbsolutePath(), "ceph-");
        Path script = work.resolve("ceph-cluster.sh");
        try (InputStream in = CephCluster.class.getResourceAsStream("ceph-cluster.sh")) {
            Files.copy(in, script);
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        CephCluster cluster = new CephCluster(work.resolve("cluster"), script, Duration.ZERO);
        long t0 = System.nanoTime();
        try {
            cluster.run(List.of("start", cluster.dir.toString(), Integer.toString(monPort),
                    Integer.toString(portMin), Integer.toString(portMax), Integer.toString(osds)), 120);
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return new CephCluster(cluster.dir, script, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** The cluster's ceph.conf, for {@code rados_conf_read_file} and the {@code -c} of Ceph's tools. */
    public Path conf() {
        return dir.resolve("ceph.conf");
    }

    /** The keyring of client.admin. */
    public Path adminKeyring() {
        return dir.resolve("admin.keyring");
    }

    /** How long {@link #start} took. */
    public Duration startup() {
        return startup;
    }

    /** Kills {@code osd.<id>} with SIGKILL (no shutdown, no goodbye to the monitor) and waits until it is gone. */
    public void killOsd(int id) throws IOException {
        run(List.of("kill-osd", dir.toString(), Integer.toString(id)), 30);
    }

    /** Starts {@code osd.<id>} again after {@link #killOsd}; it comes back empty (memstore) and backfills. */
    public void startOsd(int id) throws IOException {
        run(List.of("start-osd", dir.toString(), Integer.toString(id)), 60);
    }

    /** How many OSDs the monitor has up now ({@code ceph osd stat}). */
    public int osdsUp() throws IOException {
        String json = ceph("osd", "stat", "-f", "json");
        Matcher m = Pattern.compile("\"num_up_osds\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IOException("no num_up_osds in " + json);
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * Waits until the cluster is {@code HEALTH_OK} with every placement group active+clean (recovery and
     * backfill done), at most {@code timeout}; returns how long that took.
     *
     * @throws IOException when it is not, with the last {@code ceph -s}
     */
    public Duration awaitClean(Duration timeout) throws IOException {
        long t0 = System.nanoTime();
        // line by line: the tools' own warnings come first when another client.admin (a target) holds its socket
        Pattern ok = Pattern.compile("^HEALTH_OK", Pattern.MULTILINE);
        Pattern clean = Pattern.compile("^(\\d+) pgs: \\1 active\\+clean;", Pattern.MULTILINE);
        while (true) {
            if (ok.matcher(ceph("health")).find() && clean.matcher(ceph("pg", "stat")).find()) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            if (System.nanoTime() - t0 > timeout.toNanos()) {
                throw new IOException("not HEALTH_OK and active+clean after " + timeout + ":\n" + ceph("-s"));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Runs {@code rbd -c <conf> args...} and returns its standard output. */
    public String rbd(String... args) throws IOException {
        return tool("rbd", args);
    }

    /** Runs {@code ceph -c <conf> args...} and returns its standard output. */
    public String ceph(String... args) throws IOException {
        return tool("ceph", args);
    }

    private String tool(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(name, "-c", conf().toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, 60);
    }

    private String run(List<String> args, int timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(args);
        return exec(cmd, timeoutSeconds);
    }

    private static String exec(List<String> cmd, int timeoutSeconds) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            // Output is small (the script sends daemon logs to files); read it to the end, then reap.
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd + " timed out: " + out);
            }
            if (p.exitValue() != 0) {
                throw new IOException(cmd + " exited " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(cmd + " interrupted", e);
        }
    }

    /** Kills the daemons by PID and removes the cluster's directory with the script. */
    @Override
    public void close() throws IOException {
        try {
            run(List.of("stop", dir.toString()), 60);
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(script.getParent());
        }
    }
}
