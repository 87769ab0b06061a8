package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.quiver.testing.CephCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * vdisk_rbd on a replicated cluster, as users run it: a throwaway Ceph cluster with two memstore OSDs and the
 * pool at size 2, min_size 1 ({@link CephCluster}: monitor on 127.0.0.1:31530, daemons on 31531-31543), the
 * default distribution (ports 31544-31549) with {@code quiver-rbd} installed and two LUNs created in the shell.
 * Linux's own initiator runs ext4.sh's checks on LUN 1 in the QEMU guest ({@code guest/rbd.sh}), and fio's
 * libiscsi engine writes LUN 2 with checksums while one OSD is killed with SIGKILL and started again: fio must
 * end with every block verified and no failed I/O, and the cluster must be clean again (the restarted OSD comes
 * back empty and backfills). Logs stay in {@code target/rbd-two-osd/}.
 */
public class RbdTwoOsdIT {

    private static final int PORT_BASE = 31544;
    private static final String TARGET = LinuxInitiatorIT.TARGET;
    private static final long EXT4_SIZE = 256L << 20;
    private static final long FIO_SIZE = 160L << 20;
    private static final Path OUT = Path.of("target/rbd-two-osd").toAbsolutePath();

    private static CephCluster ceph;
    private static UnpackedDistribution quiver;

    @BeforeClass
    public static void start() throws Exception {
        Assume.assumeTrue("Ceph is not installed (.ci/run installs it)",
                CephCluster.installed() || Fio.ci());
        ceph = CephCluster.start(OUT, 31530, 31531, 31543, 2);
        System.out.println("RbdTwoOsdIT: Ceph cluster with two OSDs up in " + ceph.startup().toMillis() + " ms");
        String key = Files.readAllLines(ceph.adminKeyring()).stream().map(String::strip)
                .filter(l -> l.startsWith("key")).map(l -> l.substring(l.indexOf('=') + 1).strip())
                .findFirst().orElseThrow();
        quiver = UnpackedDistribution.unpack(Path.of(System.getProperty("quiver.distribution")), OUT.resolve("quiver"),
                System.getProperty("java.home"), PORT_BASE);
        quiver.start();
        UnpackedDistribution.awaitListening(PORT_BASE + 2);
        quiver.client("feature:install quiver-rbd");
        String common = " pool=rbd conf=" + ceph.conf() + " keyring=" + key;
        quiver.client("quiver:create /handlers/vdisk_rbd ext4 image=ext4 size=" + EXT4_SIZE + common,
                "quiver:create /targets/iscsi/" + TARGET + "/luns 1 device=ext4",
                "quiver:create /handlers/vdisk_rbd fio image=fio size=" + FIO_SIZE + common,
                "quiver:create /targets/iscsi/" + TARGET + "/luns 2 device=fio");
        String images = ceph.rbd("ls", "rbd");
        assertTrue("both images created: " + images, images.contains("ext4") && images.contains("fio"));
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            if (quiver != null) {
                quiver.stop();
                quiver.close();
            }
        } finally {
            if (ceph != null) {
                ceph.close();
            }
        }
    }

    /**
     * open-iscsi, sd and ext4 on the RBD LUN; afterwards the host checks the file system once more from the
     * image itself ({@code rbd export}, {@code e2fsck -f -n}): what Linux wrote is in the cluster, not in a cache.
     */
    @Test
    public void linuxExt4ChecksPassOnAnRbdLun() throws Exception {
        LinuxGuest guest = LinuxGuest.build();
        long t0 = System.nanoTime();
        GuestReport r = guest.run("rbd", Map.of("PORTAL", "10.0.2.2:" + (PORT_BASE + 2), "TARGET", TARGET, "LUN", "1",
                "DISK_SIZE", Long.toString(EXT4_SIZE)), LinuxInitiatorIT.workDir("rbd-ext4"), List.of(),
                request -> "ERROR no requests in this family", 420);
        System.out.println("RbdTwoOsdIT: rbd family against quiver in " + (System.nanoTime() - t0) / 1_000_000 + " ms: "
                + r.summary());
        r.assertNoSkip();
        r.assertNoFailure(10);
        Path image = OUT.resolve("ext4.img");
        ceph.rbd("export", "rbd/ext4", image.toString());
        try {
            String fsck = UnpackedDistribution.run(OUT, Map.of(), "/usr/sbin/e2fsck", "-f", "-n", image.toString());
            // exit 0 (run() checks it) and every file there: 300 files and 2 directories besides the 11 reserved inodes
            Matcher m = Pattern.compile("(\\d+)/\\d+ files").matcher(fsck);
            assertTrue("e2fsck of the exported image: " + fsck, m.find() && Integer.parseInt(m.group(1)) >= 313);
            System.out.println("RbdTwoOsdIT: e2fsck of the exported image: " + fsck.strip().replace('\n', ' '));
        } finally {
            Files.deleteIfExists(image);
        }
    }

    /**
     * fio writes 160 MiB at random with crc32c in every 16 KiB block (rate-limited to 10 MiB/s, so it is
     * still writing through the failure) and then reads it all back; osd.0 is killed 3 s in, marked down,
     * started again 3 s later and backfilled. Every I/O must succeed and every block verify.
     */
    @Test
    public void anOsdKilledAndRestartedUnderFioLosesNoWrite() throws Exception {
        Fio.require();
        String url = "iscsi://127.0.0.1:" + (PORT_BASE + 2) + "/" + TARGET + "/2";
        Fio.Job job = Fio.job("osd-kill", url, OUT.resolve("fio")).rw("randwrite").bs("16k").iodepth(16)
                .size(Long.toString(FIO_SIZE)).option("rate", "10m").verify("crc32c");
        Duration down;
        Duration clean;
        Fio.Result result;
        try (Fio.Running fio = job.start()) {
            Thread.sleep(3000);
            assertTrue("fio ended before the OSD was killed: " + fio.output(), fio.alive());
            long t0 = System.nanoTime();
            ceph.killOsd(0);
            while (ceph.osdsUp() != 1) {
                assertTrue("osd.0 not marked down 30 s after its kill", System.nanoTime() - t0 < 30_000_000_000L);
                Thread.sleep(200);
            }
            down = Duration.ofNanos(System.nanoTime() - t0);
            Thread.sleep(3000);
            assertTrue("fio ended while osd.0 was down, before its restart: " + fio.output(), fio.alive());
            ceph.startOsd(0);
            long t1 = System.nanoTime();
            result = fio.await(Duration.ofMinutes(5));
            clean = ceph.awaitClean(Duration.ofMinutes(3)).plusNanos(System.nanoTime() - t1);
        }
        System.out.println("RbdTwoOsdIT: osd.0 marked down " + down.toMillis() + " ms after its kill; cluster clean "
                + clean.toMillis() + " ms after its restart; " + result);
        assertEquals("failed I/O: " + result.scsiFailures(), List.of(), result.scsiFailures());
        assertTrue("fio reported an error: " + result, result.clean());
        assertEquals("bytes written", FIO_SIZE, result.write().bytes());
        assertEquals("bytes read back and verified", FIO_SIZE, result.read().bytes());
        assertEquals(2, ceph.osdsUp());
    }
}
