package io.quiver.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import io.quiver.transport.iscsi.impl.session.RawScsiInitiator.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.Test;

/**
 * Load on the real distribution (issue 10, item 4): 256 sessions logged in at the same time across 64
 * ramdisk LUNs, each writing and reading back its own blocks; a storm of 1000 logins and logouts; a soak
 * of continuous verified I/O ({@code quiver.soak.seconds}, 120 by default; 3600 for the documented long
 * run). No command may fail, every logout must succeed, no Quiver bundle may log a warning or an error,
 * and the JVM's threads and descriptors must come back to their level before the load once the sessions
 * are gone, its resident memory stay below 1.5 GiB (Xmx 512m plus as much direct memory). The figures
 * (start, peak, end) are printed.
 */
public class LoadIT {

    private static final int PORT_BASE = 30710;
    private static final int ISCSI_PORT = PORT_BASE + 2;
    private static final String TARGET = "iqn.2026-11.io.quiver:load";
    private static final int LUNS = 64;
    private static final int SESSIONS = 256;
    private static final int STORM = 1000;
    private static final int CLIENT_THREADS = 32;
    private static final int SOAK_SESSIONS = 16;
    private static final long RSS_CEILING_KIB = 1536L * 1024;
    /** Threads and descriptors a JVM may keep after the load (pools that grew on demand and idle out later). */
    private static final int SLACK = 32;

    private ProcessFigures peak;

    @Test
    public void sessionsStormAndSoakKeepEveryResourceBounded() throws Exception {
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/load"),
                System.getProperty("java.home"), PORT_BASE)) {
            configure(q.home().resolve("etc"));
            q.start();
            UnpackedDistribution.awaitListening(ISCSI_PORT);
            try (RawScsiInitiator i = Initiators.connect(ISCSI_PORT, TARGET, "load-check")) {
                Initiators.awaitLuns(i, IntStream.range(0, LUNS).boxed().toList());
            }
            ProcessFigures start = ProcessFigures.of(q.pid());
            peak = start;
            ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
            try {
                long t0 = System.nanoTime();
                int held = concurrentSessions(pool, q.pid());
                long sessionsMillis = millisSince(t0);
                t0 = System.nanoTime();
                stormOfLogins(pool, q.pid());
                long stormMillis = millisSince(t0);
                int soakSeconds = Integer.getInteger("quiver.soak.seconds", 120);
                long soakCommands = soak(pool, q.pid(), soakSeconds);
                Thread.sleep(2000);
                ProcessFigures end = ProcessFigures.of(q.pid());
                System.out.printf("LoadIT: %d sessions held at once in %d ms; %d logins and logouts in %d ms; soak %d s "
                        + "with %d sessions: %d verified commands; start %s, peak %s, end %s%n", held, sessionsMillis,
                        STORM, stormMillis, soakSeconds, SOAK_SESSIONS, soakCommands, start, peak, end);
                assertTrue("threads after the load: " + end + " (start " + start + ")", end.threads <= start.threads + SLACK);
                assertTrue("descriptors after the load: " + end + " (start " + start + ")",
                        end.descriptors <= start.descriptors + SLACK);
                assertTrue("resident memory peak " + peak, peak.rssKib < RSS_CEILING_KIB);
                List<String> complaints = Files.readAllLines(q.home().resolve("data/log/karaf.log")).stream()
                        .filter(line -> line.matches(".*\\| (ERROR|WARN) .*\\| \\d+ - io\\.quiver\\..*")).toList();
                assertEquals("Quiver's warnings and errors under load", List.of(), complaints);
            } finally {
                pool.shutdownNow();
            }
            q.stop();
        }
    }

    private static void configure(Path etc) throws Exception {
        Files.writeString(etc.resolve("io.quiver.transport.iscsi.target-load.cfg"), "name = " + TARGET + "\nenabled = true\n");
        for (int lun = 0; lun < LUNS; lun++) {
            Files.writeString(etc.resolve("io.quiver.handler.ramdisk-load" + lun + ".cfg"),
                    "name = load" + lun + "\nsize = 1048576\n");
            Files.writeString(etc.resolve("io.quiver.core.lun-load" + lun + ".cfg"),
                    "target = " + TARGET + "\nlun = " + lun + "\ndevice = load" + lun + "\n");
        }
    }

    /** All sessions log in, then (all still logged in) each writes and reads back its blocks 4 times. */
    private int concurrentSessions(ExecutorService pool, long pid) throws Exception {
        List<Future<RawScsiInitiator>> logins = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            int session = s;
            logins.add(pool.submit(() -> new RawScsiInitiator(ISCSI_PORT, TARGET, Initiators.IQN + "load-" + session)));
        }
        List<RawScsiInitiator> sessions = new ArrayList<>();
        for (Future<RawScsiInitiator> login : logins) {
            sessions.add(login.get(120, TimeUnit.SECONDS));
        }
        sample(pid);
        List<Future<Integer>> work = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            RawScsiInitiator i = sessions.get(s);
            int lun = s % LUNS;
            int lba = (s / LUNS) * 8;
            work.add(pool.submit(() -> verifiedIo(i, lun, lba, 4)));
        }
        for (Future<Integer> w : work) {
            w.get(120, TimeUnit.SECONDS);
        }
        sample(pid);
        for (RawScsiInitiator i : sessions) {
            assertEquals("logout response", 0, i.logout());
            i.close();
        }
        return sessions.size();
    }

    private void stormOfLogins(ExecutorService pool, long pid) throws Exception {
        List<Future<?>> storm = new ArrayList<>();
        for (int t = 0; t < CLIENT_THREADS; t++) {
            String name = "storm-" + t;
            int logins = STORM / CLIENT_THREADS + (t < STORM % CLIENT_THREADS ? 1 : 0);
            storm.add(pool.submit(() -> {
                for (int n = 0; n < logins; n++) {
                    try (RawScsiInitiator i = new RawScsiInitiator(ISCSI_PORT, TARGET, Initiators.IQN + name)) {
                        assertEquals("logout response", 0, i.logout());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : storm) {
            f.get(300, TimeUnit.SECONDS);
        }
        sample(pid);
    }

    /** Sessions doing verified I/O until the time is up, sampling the JVM every second; returns commands run. */
    private long soak(ExecutorService pool, long pid, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<Integer>> work = new ArrayList<>();
        for (int s = 0; s < SOAK_SESSIONS; s++) {
            int session = s;
            work.add(pool.submit(() -> {
                int commands = 0;
                try (RawScsiInitiator i = new RawScsiInitiator(ISCSI_PORT, TARGET, Initiators.IQN + "soak-" + session)) {
                    for (int n = 0; System.nanoTime() < end; n++) {
                        commands += verifiedIo(i, (session * 4 + n) % LUNS, 64 + session * 8, 1);
                    }
                    assertEquals("logout response", 0, i.logout());
                }
                return commands;
            }));
        }
        while (System.nanoTime() < end) {
            Thread.sleep(1000);
            sample(pid);
        }
        long commands = 0;
        for (Future<Integer> w : work) {
            commands += w.get(60, TimeUnit.SECONDS);
        }
        return commands;
    }

    /** Writes 8 blocks at {@code lba} and reads them back, {@code times} times; returns the commands run. */
    private static int verifiedIo(RawScsiInitiator i, int lun, int lba, int times) throws Exception {
        Initiators.clearUnitAttentions(i, lun);
        for (int n = 0; n < times; n++) {
            byte[] data = Cdb.pattern(lun * 1000 + lba + n, 8);
            Initiators.assertGood("WRITE(10) LUN " + lun, i.execute(lun, Cdb.write10(lba, 8), data, 0));
            Result read = i.execute(lun, Cdb.read10(lba, 8), null, data.length);
            Initiators.assertGood("READ(10) LUN " + lun, read);
            assertArrayEquals("data read back from LUN " + lun + " LBA " + lba, data, read.data);
        }
        return 2 * times;
    }

    private synchronized void sample(long pid) throws Exception {
        peak = peak.max(ProcessFigures.of(pid));
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
