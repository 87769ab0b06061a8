package io.quiver.core.impl.pr;

import static io.quiver.scsi.ScsiStatus.GOOD;
import static io.quiver.scsi.ScsiStatus.RESERVATION_CONFLICT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPC-2 RESERVE/RELEASE (what libiscsi's Reserve6 tests expect) and their meeting with SPC-4 PR. */
class Spc2ReservationTest {

    @TempDir
    Path dir;

    private final FakeNexus a = FakeNexus.of("iqn.2026-01.test:a");
    private final FakeNexus b = FakeNexus.of("iqn.2026-01.test:b");
    private ReservationService service;
    private PrDriver pr;

    @BeforeEach
    void setUp() {
        service = new ReservationService(new FakeContext("disk1", dir, a, b), Runnable::run);
        pr = new PrDriver(service);
    }

    private ScsiStatus reserve6(FakeNexus n) {
        return pr.status(FakeTask.of(n, DataDirection.NONE, 0x16, 0, 0, 0, 0, 0));
    }

    private ScsiStatus release6(FakeNexus n) {
        return pr.status(FakeTask.of(n, DataDirection.NONE, 0x17, 0, 0, 0, 0, 0));
    }

    private ScsiStatus modeSense(FakeNexus n) {
        return pr.status(FakeTask.of(n, DataDirection.IN, 0x1A, 0, 0x3F, 0, 0xFF, 0));
    }

    @Test
    void twoInitiators() {
        assertEquals(GOOD, reserve6(a));
        assertEquals(GOOD, reserve6(a), "re-reserve by the holder");
        assertEquals(RESERVATION_CONFLICT, reserve6(b));
        assertEquals(GOOD, release6(b), "release by another nexus is a no-op");
        assertEquals(GOOD, modeSense(a));
        assertEquals(RESERVATION_CONFLICT, modeSense(b));
        assertEquals(RESERVATION_CONFLICT, pr.write(b));
        assertEquals(GOOD, pr.status(FakeTask.of(b, DataDirection.IN, 0x12, 0, 0, 0, 0x24, 0)), "INQUIRY");
        assertEquals(RESERVATION_CONFLICT, reserve6(b));
        assertEquals(GOOD, release6(a));
        assertEquals(GOOD, reserve6(b));
        assertEquals(GOOD, release6(b));
        assertEquals(GOOD, modeSense(a));
    }

    @Test
    void reserve10WorksAndRejectsThirdParty() {
        assertEquals(GOOD, pr.status(FakeTask.of(a, DataDirection.NONE, 0x56, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals(RESERVATION_CONFLICT, pr.write(b));
        try (FakeTask t = pr.run(FakeTask.of(b, DataDirection.NONE, 0x56, 0x10, 0, 0, 0, 0, 0, 0, 0, 0))) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
        assertEquals(GOOD, pr.status(FakeTask.of(a, DataDirection.NONE, 0x57, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals(GOOD, pr.write(b));
    }

    @Test
    void nexusLossAndResetsRelease() {
        assertEquals(GOOD, reserve6(a));
        service.nexusLost(b);
        assertEquals(RESERVATION_CONFLICT, pr.write(b), "another nexus' loss changes nothing");
        service.nexusLost(a);
        assertEquals(GOOD, pr.write(b));
        assertEquals(GOOD, reserve6(b));
        service.logicalUnitReset();
        assertEquals(GOOD, pr.write(a));
    }

    @Test
    void persistentReservationCommandsConflictWithSpc2() {
        assertEquals(GOOD, reserve6(a));
        assertEquals(RESERVATION_CONFLICT, pr.outStatus(a, 0, 0, 0, 0xA1), "even from the holder");
        assertEquals(RESERVATION_CONFLICT, pr.status(FakeTask.of(b, DataDirection.IN, 0x5E, 0, 0, 0, 0, 0, 0, 0, 8, 0)));
    }

    @Test
    void compatibleReservationHandling() {
        pr.register(a, 0xA1);
        assertEquals(RESERVATION_CONFLICT, reserve6(b), "registrations exist");
        assertEquals(RESERVATION_CONFLICT, reserve6(a), "registered, but no reservation to hold");
        pr.reserve(a, 0xA1, PrType.WRITE_EXCLUSIVE);
        assertEquals(GOOD, reserve6(a), "holder: GOOD without effect");
        assertEquals(GOOD, release6(a), "holder: GOOD without effect");
        assertEquals(16, java.nio.ByteBuffer.wrap(pr.in(b, 1)).getInt(4), "the PR is still there");
        assertEquals(GOOD, pr.read(b), "no SPC-2 reservation was made");
    }
}
