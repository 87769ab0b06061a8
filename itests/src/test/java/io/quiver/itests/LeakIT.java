package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Twenty uninstall/install cycles of every handler feature and of quiver-iscsi leave the JVM as they found
 * it: threads, open file descriptors and listening ports back to the start, and Netty's leak detector (at
 * PARANOID for this distribution) reports nothing after I/O ran over the reinstalled LUNs.
 *
 * <p>Tolerance, because a JVM is not static: a few threads (JIT compiler and GC helpers, pooled Karaf and
 * ForkJoin workers that come and go; Karaf's shell session threads, which the test's own bin/client sessions
 * leave behind, are not counted) and descriptors (jar files the framework opens lazily). A leak grows
 * with every cycle, so the second ten cycles must add (almost) nothing to what the first ten left.
 */
public class LeakIT {

    private static final int PORT_BASE = 30620;
    private static final int CYCLES = 20;
    private static final List<String> FEATURES = List.of("quiver-fileio", "quiver-nullio", "quiver-blockio",
            "quiver-ramdisk", "quiver-cdrom", "quiver-iscsi");
    private static final int THREAD_SLACK = 8;
    private static final int FD_SLACK = 16;
    private static final int TREND_SLACK = 3;

    /** What the JVM holds at one moment. */
    record Footprint(int threads, int fds, List<String> ports) {
        @Override
        public String toString() {
            return threads + " threads, " + fds + " descriptors, listening " + ports;
        }
    }

    @Test
    public void installUninstallCyclesLeakNothing() throws Exception {
        Fio.require();
        try (HotDeployment d = HotDeployment.start("leak", PORT_BASE, "io.netty.leakDetection.level = paranoid")) {
            cycles(d, 2);
            io(d);
            Footprint start = footprint(d);
            cycles(d, CYCLES / 2);
            Footprint middle = footprint(d);
            cycles(d, CYCLES - CYCLES / 2);
            io(d);
            Footprint end = footprint(d);
            System.out.printf("LeakIT: start %s; after %d cycles %s; after %d cycles %s%n", start, CYCLES / 2, middle,
                    CYCLES, end);

            assertEquals("listening ports", start.ports(), end.ports());
            assertTrue("threads: " + start + " -> " + end, end.threads() <= start.threads() + THREAD_SLACK);
            assertTrue("threads grow: " + middle + " -> " + end, end.threads() <= middle.threads() + TREND_SLACK);
            assertTrue("descriptors: " + start + " -> " + end, end.fds() <= start.fds() + FD_SLACK);
            assertTrue("descriptors grow: " + middle + " -> " + end, end.fds() <= middle.fds() + TREND_SLACK);
            List<String> leaks = Files.readAllLines(d.q.home().resolve("data/log/karaf.log")).stream()
                    .filter(l -> l.contains("LEAK:")).toList();
            assertEquals("Netty's leak detector", List.of(), leaks);
        }
    }

    /** {@code n} uninstall/install cycles of every feature, one shell session per feature. */
    private static void cycles(HotDeployment d, int n) throws Exception {
        for (String feature : FEATURES) {
            List<String> commands = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                commands.add("feature:uninstall " + feature);
                commands.add("feature:install " + feature);
            }
            d.client(commands.toArray(String[]::new));
        }
        UnpackedDistribution.awaitListening(d.iscsiPort);
        d.awaitLun(0, true);
        d.awaitLun(1, true);
    }

    /** A few seconds of verified writes on both LUNs, so the data path's buffers are used after the cycles. */
    private static void io(HotDeployment d) throws Exception {
        for (int lun = 0; lun < 2; lun++) {
            Fio.Job job = Fio.job("leak-io-" + lun, d.url(lun), d.work).rw("randwrite").size("8m")
                    .option("initiator", "iqn.2026-11.io.quiver:leak" + lun);
            // nullio drops what it is given: only LUN 0 (fileio) can be read back.
            Fio.Result r = (lun == 0 ? job.verify("crc32c") : job).run(Duration.ofSeconds(120));
            assertTrue(r.toString(), r.clean() && r.write().ios() > 0);
        }
    }

    private static Footprint footprint(HotDeployment d) throws Exception {
        long pid = d.q.pid();
        int threads = threads(pid);
        int fds = count(Path.of("/proc/" + pid + "/fd"));
        List<String> ports = d.tool("ss", "-ltnpH").lines().filter(l -> l.contains("pid=" + pid + ","))
                .map(l -> l.trim().split("\\s+")[3]).sorted().toList();
        return new Footprint(threads, fds, ports);
    }

    /**
     * The JVM's threads, without Karaf's shell session threads ({@code session-N-thread-M}): every
     * {@code bin/client} session this test opens leaves a few of those idling in the shell's pool, which would
     * read as growth that is the test's own.
     */
    private static int threads(long pid) throws Exception {
        int n = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!Files.readString(t.resolve("comm")).startsWith("session-")) {
                        n++;
                    }
                } catch (java.nio.file.NoSuchFileException ended) {
                    // the thread ended while we counted
                }
            }
        }
        return n;
    }

    private static int count(Path dir) throws Exception {
        try (var entries = Files.list(dir)) {
            return (int) entries.count();
        }
    }
}
