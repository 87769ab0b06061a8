package io.quiver.core.impl.target;

import static io.quiver.core.impl.target.Harness.assertCheck;
import static io.quiver.core.impl.target.Harness.assertGood;
import static io.quiver.core.impl.target.Harness.tur;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseBuilder;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deferred errors (SPC-4 4.5.4) a device reports through its DeviceContext, via the loopback transport. */
class DeferredErrorTest {

    private static final SenseData WRITE_ERROR =
            new SenseBuilder(SenseKey.MEDIUM_ERROR, AdditionalSense.WRITE_ERROR).deferred().build();

    @TempDir
    Path dir;

    Harness h;
    MemoryDevice d;
    LocalSession a;
    LocalSession b;

    @BeforeEach
    void setUp() {
        h = new Harness(dir);
        d = h.device("d0");
        h.lun(0, "d0");
        a = h.login("iqn.a");
        b = h.login("iqn.b");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private static void assertDeferred(LocalResponse r) {
        assertCheck(r, SenseKey.MEDIUM_ERROR, AdditionalSense.WRITE_ERROR);
        assertTrue(r.sense().deferred(), r::toString);
        assertEquals(0x71, r.senseBytes()[0] & 0x7F);
    }

    @Test
    void endsTheNextCommandOfEveryNexusOnce() {
        d.context.deferredError(WRITE_ERROR);
        assertDeferred(tur(a, 0));
        assertGood(tur(a, 0));
        assertDeferred(tur(b, 0));
        assertGood(tur(b, 0));
    }

    @Test
    void unitAttentionsComeFirst() {
        d.context.deferredError(WRITE_ERROR);
        d.context.capacityChanged();
        assertCheck(tur(a, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.CAPACITY_DATA_HAS_CHANGED);
        assertDeferred(tur(a, 0));
        assertGood(tur(a, 0));
    }

    @Test
    void inquiryAndReportLunsPassAndRequestSenseReportsIt() {
        d.context.deferredError(WRITE_ERROR);
        assertGood(a.execute(LocalRequest.of(0, 0x12, 0, 0, 0, 36, 0).dataIn(36)));
        assertGood(a.execute(LocalRequest.of(0, 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0).dataIn(64)));
        LocalResponse fixed = a.execute(LocalRequest.of(0, 0x03, 0, 0, 0, 18, 0).dataIn(18));
        assertGood(fixed);
        assertEquals(0x71, fixed.dataByte(0) & 0x7F);
        assertEquals(SenseKey.MEDIUM_ERROR.code(), fixed.dataByte(2) & 0x0F);
        assertEquals(0x0C, fixed.dataByte(12));
        assertGood(tur(a, 0));
        d.context.deferredError(WRITE_ERROR);
        LocalResponse descriptor = a.execute(LocalRequest.of(0, 0x03, 1, 0, 0, 18, 0).dataIn(18));
        assertEquals(0x73, descriptor.dataByte(0) & 0x7F);
        assertDeferred(tur(b, 0));
    }

    @Test
    void aSenseNotMarkedDeferredIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> d.context.deferredError(SenseData.of(SenseKey.MEDIUM_ERROR, AdditionalSense.WRITE_ERROR)));
        assertGood(tur(a, 0));
    }
}
