package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import io.quiver.transport.iscsi.impl.session.RawScsiInitiator.Result;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/**
 * What must outlive a restart does. The default distribution, unpacked and run by {@code bin/start} and
 * {@code bin/stop}: over iSCSI an initiator registers a key with APTPL=1 and takes a Write Exclusive
 * persistent reservation on LUN 0, and a fileio device and LUN 1 are created with the {@code quiver:*}
 * shell through {@code bin/client}. After {@code bin/stop} and {@code bin/start}, PERSISTENT RESERVE IN
 * READ KEYS and READ RESERVATION show the key and the reservation, and LUN 1 is still there, with its
 * capacity, over iSCSI and in the shell.
 */
public class RestartIT {

    private static final int PORT_BASE = 28300;
    private static final int ISCSI_PORT = PORT_BASE + 2;
    private static final String TARGET = "iqn.2026-11.io.quiver:default";
    private static final long KEY = 0x5155495645520001L;
    private static final long DISK1_BYTES = 16L << 20;

    @Test
    public void persistentReservationAndAShellCreatedLunSurviveARestart() throws Exception {
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/restart-run"),
                System.getProperty("java.home"), PORT_BASE)) {
            q.start();
            UnpackedDistribution.awaitListening(ISCSI_PORT);
            Path image = q.home().resolve("data/restart-disk1.img").toAbsolutePath();
            q.client("quiver:create /handlers/vdisk_fileio disk1 filename=" + image + " size=" + DISK1_BYTES,
                    "quiver:create /targets/iscsi/" + TARGET + "/luns 1 device=disk1");
            try (RawScsiInitiator i = new RawScsiInitiator(ISCSI_PORT, TARGET)) {
                awaitLuns(i, List.of(0, 1));
                clearUnitAttentions(i, 0);
                assertGood("PR OUT REGISTER APTPL=1", i.execute(0, Cdb.persistentReserveOut(Cdb.REGISTER, 0),
                        Cdb.prOutParameters(0, KEY, true), 0));
                assertGood("PR OUT RESERVE", i.execute(0, Cdb.persistentReserveOut(Cdb.RESERVE, Cdb.WRITE_EXCLUSIVE),
                        Cdb.prOutParameters(KEY, 0, false), 0));
            }

            q.stop();
            assertFalse("still running after bin/stop", q.running());
            q.start();
            UnpackedDistribution.awaitListening(ISCSI_PORT);

            try (RawScsiInitiator i = new RawScsiInitiator(ISCSI_PORT, TARGET)) {
                awaitLuns(i, List.of(0, 1));
                clearUnitAttentions(i, 0);
                Result keys = i.execute(0, Cdb.persistentReserveIn(Cdb.READ_KEYS, 256), null, 256);
                assertGood("PR IN READ KEYS", keys);
                assertEquals("registered keys after the restart", List.of(KEY), Cdb.keys(keys.data));
                Result reservation = i.execute(0, Cdb.persistentReserveIn(Cdb.READ_RESERVATION, 64), null, 64);
                assertGood("PR IN READ RESERVATION", reservation);
                assertEquals("reservation after the restart", Long.toHexString(KEY) + "/" + Cdb.WRITE_EXCLUSIVE,
                        Cdb.reservation(reservation.data));
                clearUnitAttentions(i, 1);
                Result capacity = i.execute(1, Cdb.readCapacity10(), null, 8);
                assertGood("READ CAPACITY(10) LUN 1", capacity);
                assertEquals(DISK1_BYTES / 512 - 1, ByteBuffer.wrap(capacity.data).getInt(0) & 0xFFFFFFFFL);
            }
            QuiverTestSupport.assertContains("quiver:show LUN 1 after the restart",
                    q.client("quiver:show /targets/iscsi/" + TARGET + "/luns/1"), "disk1");
            q.stop();
        }
    }

    private static void assertGood(String what, Result r) {
        assertEquals(what + ": " + r, 0, r.status);
    }

    /** TEST UNIT READY until GOOD: the unit attentions of a new nexus are consumed. */
    private static void clearUnitAttentions(RawScsiInitiator i, int lun) throws Exception {
        assertGood("TEST UNIT READY LUN " + lun, Cdb.poll(() -> i.execute(lun, Cdb.testUnitReady(), null, 0), r -> r.status == 0));
    }

    /** REPORT LUNS until it lists {@code expected}: configurations apply after the portal listens. */
    private static void awaitLuns(RawScsiInitiator i, List<Integer> expected) throws Exception {
        assertEquals("REPORT LUNS", expected, Cdb.poll(() -> Cdb.luns(i.execute(0, Cdb.reportLuns(4096), null, 4096).data),
                expected::equals));
    }
}
