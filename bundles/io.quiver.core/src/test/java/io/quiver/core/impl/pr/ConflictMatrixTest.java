package io.quiver.core.impl.pr;

import static io.quiver.scsi.ScsiStatus.GOOD;
import static io.quiver.scsi.ScsiStatus.RESERVATION_CONFLICT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SPC-4/SBC-3 "commands allowed in the presence of various reservations" tables for all six types,
 * from the holder, a registered non-holder and an unregistered nexus (what libiscsi's ProutReserve
 * tests check with READ and WRITE).
 */
class ConflictMatrixTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // type, registered read, registered write, unregistered read, unregistered write
        "WRITE_EXCLUSIVE,                   GOOD,                 RESERVATION_CONFLICT, GOOD,                 RESERVATION_CONFLICT",
        "EXCLUSIVE_ACCESS,                  RESERVATION_CONFLICT, RESERVATION_CONFLICT, RESERVATION_CONFLICT, RESERVATION_CONFLICT",
        "WRITE_EXCLUSIVE_REGISTRANTS_ONLY,  GOOD,                 GOOD,                 GOOD,                 RESERVATION_CONFLICT",
        "EXCLUSIVE_ACCESS_REGISTRANTS_ONLY, GOOD,                 GOOD,                 RESERVATION_CONFLICT, RESERVATION_CONFLICT",
        "WRITE_EXCLUSIVE_ALL_REGISTRANTS,   GOOD,                 GOOD,                 GOOD,                 RESERVATION_CONFLICT",
        "EXCLUSIVE_ACCESS_ALL_REGISTRANTS,  GOOD,                 GOOD,                 RESERVATION_CONFLICT, RESERVATION_CONFLICT",
    })
    void accessByType(PrType type, ScsiStatus regRead, ScsiStatus regWrite, ScsiStatus unregRead,
            ScsiStatus unregWrite) {
        FakeNexus holder = FakeNexus.of("iqn.2026-01.test:holder");
        FakeNexus registered = FakeNexus.of("iqn.2026-01.test:registered");
        FakeNexus other = FakeNexus.of("iqn.2026-01.test:other");
        PrDriver pr = new PrDriver(new ReservationService(new FakeContext("d", dir, holder, registered, other),
                Runnable::run));
        pr.register(holder, 1);
        pr.register(registered, 2);
        pr.reserve(holder, 1, type);

        assertEquals(GOOD, pr.read(holder));
        assertEquals(GOOD, pr.write(holder));
        assertEquals(regRead, pr.read(registered), "registered READ");
        assertEquals(regWrite, pr.write(registered), "registered WRITE");
        assertEquals(unregRead, pr.read(other), "unregistered READ");
        assertEquals(unregWrite, pr.write(other), "unregistered WRITE");

        // MODE SENSE behaves like a read, MODE SELECT like a write.
        assertEquals(unregRead, pr.status(FakeTask.of(other, DataDirection.IN, 0x1A, 0, 0x3F, 0, 0xFF, 0)));
        assertEquals(unregWrite, pr.status(FakeTask.of(other, DataDirection.OUT, 0x15, 0x10, 0, 0, 0, 0)));
        // Allowed through every type.
        assertEquals(GOOD, pr.status(FakeTask.of(other, DataDirection.NONE, 0x00, 0, 0, 0, 0, 0)), "TUR");
        assertEquals(GOOD, pr.status(FakeTask.of(other, DataDirection.IN, 0x12, 0, 0, 0, 0x24, 0)), "INQUIRY");
        assertEquals(GOOD, pr.status(FakeTask.of(other, DataDirection.IN, 0xA0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0)));
        assertEquals(GOOD, pr.status(FakeTask.of(other, DataDirection.IN, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals(GOOD, pr.status(FakeTask.of(other, DataDirection.IN, 0x5E, 0, 0, 0, 0, 0, 0, 0, 8, 0)));
        assertEquals(GOOD, pr.status(FakeTask.of(other, DataDirection.IN, 0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0)),
                "REPORT TARGET PORT GROUPS");
        // PREVENT ALLOW MEDIUM REMOVAL: allowing is harmless, preventing is a write.
        assertEquals(GOOD, pr.status(FakeTask.of(other, DataDirection.NONE, 0x1E, 0, 0, 0, 0, 0)));
        assertEquals(RESERVATION_CONFLICT, pr.status(FakeTask.of(other, DataDirection.NONE, 0x1E, 0, 0, 0, 1, 0)));
    }
}
