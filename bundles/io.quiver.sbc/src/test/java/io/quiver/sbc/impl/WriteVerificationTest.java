package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.WRITE_10;
import static io.quiver.scsi.ScsiOpcode.WRITE_AND_VERIFY_10;
import static io.quiver.scsi.ScsiOpcode.WRITE_AND_VERIFY_16;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** WRITE AND VERIFY reads back what it wrote: a medium that does not keep it is caught. */
class WriteVerificationTest extends SbcTestSupport {

    @Test
    void aGoodMediumPassesBothVerifications() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertGood(run(e, cdb10(WRITE_AND_VERIFY_10, 0, 3, 2), pattern(2, 7)));
        assertGood(run(e, cdb10(WRITE_AND_VERIFY_10, 0x02, 5, 2), pattern(2, 8)));
        assertEquals(pattern(2, 8)[0], store.data[5 * BS]);
    }

    @Test
    void aMediumThatDoesNotKeepTheDataIsAMediumErrorOrAMiscompare() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        store.corruptWrites = true;
        assertGood(run(e, cdb10(WRITE_10, 0, 3, 1), pattern(1, 7))); // a plain WRITE does not look
        assertSense(run(e, cdb10(WRITE_AND_VERIFY_10, 0, 3, 1), pattern(1, 7)), SenseKey.MEDIUM_ERROR,
                AdditionalSense.UNRECOVERED_READ_ERROR);
        TestTask byteByByte = run(e, cdb16(WRITE_AND_VERIFY_16, 0x02, 9, 2), pattern(2, 7));
        assertSense(byteByByte, SenseKey.MISCOMPARE, AdditionalSense.MISCOMPARE_DURING_VERIFY_OPERATION);
        assertEquals(0, byteByByte.await().sense().information(), "offset of the first differing byte");
    }

    @Test
    void aReadBackThatFailsIsAMediumErrorAndBytchk10bIsReserved() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        store.readGate = null;
        store.readFailure = new IOException("unreadable");
        assertSense(run(e, cdb10(WRITE_AND_VERIFY_10, 0x02, 3, 1), pattern(1, 7)), SenseKey.MEDIUM_ERROR,
                AdditionalSense.UNRECOVERED_READ_ERROR);
        assertInvalidField(run(e, cdb10(WRITE_AND_VERIFY_10, 0x04, 3, 1), pattern(1, 7)), 1);
    }
}
