package io.quiver.core.impl.pr;

import static io.quiver.scsi.ScsiStatus.GOOD;
import static io.quiver.scsi.ScsiStatus.RESERVATION_CONFLICT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** APTPL: state written to the device's state directory and read back by a new service instance. */
class AptplPersistenceTest {

    @TempDir
    Path dir;

    private final FakeNexus a = FakeNexus.of("iqn.2026-01.test:a");
    private final FakeNexus b = FakeNexus.of("iqn.2026-01.test:b");

    private PrDriver newService() {
        return new PrDriver(new ReservationService(new FakeContext("disk1", dir, a, b), Runnable::run));
    }

    @Test
    void registrationsAndReservationSurviveARestart() {
        PrDriver pr = newService();
        try (FakeTask t = pr.out(a, 0, 0, 0, 0xA1, PrDriver.APTPL, new byte[0])) {
            t.assertGood();
        }
        try (FakeTask t = pr.out(b, 0, 0, 0, 0xB1, PrDriver.APTPL | PrDriver.ALL_TG_PT, new byte[0])) {
            t.assertGood();
        }
        pr.reserve(a, 0xA1, PrType.EXCLUSIVE_ACCESS_REGISTRANTS_ONLY);
        byte[] keys = pr.in(a, 0);
        byte[] reservation = pr.in(a, 1);
        byte[] full = pr.in(a, 3);
        assertTrue(Files.exists(dir.resolve(PrStateStore.FILE_NAME)));
        assertFalse(Files.exists(dir.resolve(PrStateStore.FILE_NAME + ".tmp")), "temporary file renamed");

        PrDriver restarted = newService();
        assertArrayEquals(keys, restarted.in(a, 0));
        assertArrayEquals(reservation, restarted.in(a, 1));
        assertArrayEquals(full, restarted.in(a, 3));
        assertEquals(0xA1, restarted.in(a, 2)[3] & 0xFF, "PTPL_A still set");
        FakeNexus stranger = FakeNexus.of("iqn.2026-01.test:stranger");
        assertEquals(RESERVATION_CONFLICT, restarted.read(stranger), "the reservation is enforced again");
        assertEquals(GOOD, restarted.write(b));
        assertEquals(GOOD, restarted.outStatus(a, 2, 6, 0xA1, 0), "the holder can release");
    }

    @Test
    void clearingAptplForgetsTheState() {
        PrDriver pr = newService();
        try (FakeTask t = pr.out(a, 0, 0, 0, 0xA1, PrDriver.APTPL, new byte[0])) {
            t.assertGood();
        }
        assertTrue(Files.exists(dir.resolve(PrStateStore.FILE_NAME)));
        try (FakeTask t = pr.out(a, 0, 0, 0xA1, 0xA2, 0, new byte[0])) {
            t.assertGood();
        }
        assertFalse(Files.exists(dir.resolve(PrStateStore.FILE_NAME)));
        assertEquals(0, ByteBuffer.wrap(newService().in(a, 0)).getInt(4));
    }

    @Test
    void withoutAptplNothingIsWritten() {
        PrDriver pr = newService();
        pr.register(a, 0xA1);
        pr.reserve(a, 0xA1, PrType.WRITE_EXCLUSIVE);
        assertFalse(Files.exists(dir.resolve(PrStateStore.FILE_NAME)));
    }

    @Test
    void aCorruptFileIsReportedNotFatal() throws Exception {
        byte[] tid = a.initiator().transportId();
        Files.writeString(dir.resolve(PrStateStore.FILE_NAME), "registration="
                + java.util.HexFormat.of().formatHex(tid) + ",1,0,a1\nregistration=zz,1\n");
        PrDriver pr = newService();
        assertEquals(0, ByteBuffer.wrap(pr.in(a, 0)).getInt(4), "nothing half-loaded");
        assertTrue(Files.exists(dir.resolve(PrStateStore.FILE_NAME + ".corrupt")), "kept aside");
    }

    @Test
    void aReservationWithoutItsHolderIsCorrupt() throws Exception {
        byte[] tid = a.initiator().transportId();
        Files.writeString(dir.resolve(PrStateStore.FILE_NAME), "generation=3\nregistration="
                + java.util.HexFormat.of().formatHex(tid) + ",1,0,a1\nreservation=1,-1\n");
        PrDriver pr = newService();
        assertEquals(0, ByteBuffer.wrap(pr.in(a, 1)).getInt(4), "no reservation");
        assertEquals(0, ByteBuffer.wrap(pr.in(a, 0)).getInt(0), "generation back to 0");
    }
}
