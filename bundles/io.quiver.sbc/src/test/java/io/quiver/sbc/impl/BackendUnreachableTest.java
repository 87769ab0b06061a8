package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.READ_10;
import static io.quiver.scsi.ScsiOpcode.SYNCHRONIZE_CACHE_10;
import static io.quiver.scsi.ScsiOpcode.WRITE_10;
import static io.quiver.scsi.ScsiOpcode.WRITE_AND_VERIFY_10;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.sbc.BackendUnreachableException;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import org.junit.jupiter.api.Test;

/**
 * A store whose backend does not answer in time (an RBD request past {@code osd_op_timeout}) fails the command
 * with NOT READY, LOGICAL UNIT COMMUNICATION FAILURE, as LIO does (a plain I/O error stays a MEDIUM ERROR:
 * {@link SpaceAllocationTest}).
 */
class BackendUnreachableTest extends SbcTestSupport {

    private static final BackendUnreachableException TIMED_OUT =
            new BackendUnreachableException("osd_op_timeout 30 s passed", null);

    @Test
    void readsWritesAndFlushesThatTimeOutAreNotReadyCommunicationFailure() {
        RecordingStore store = store(true);
        SbcEngine e = engine(store, SbcOptions.defaults());
        store.readFailure = TIMED_OUT;
        assertSense(run(e, cdb10(READ_10, 0, 0, 1)), SenseKey.NOT_READY,
                AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE);
        store.writeFailure = TIMED_OUT;
        assertSense(run(e, cdb10(WRITE_10, 0, 0, 1), new byte[BS]), SenseKey.NOT_READY,
                AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE);
        store.flushFailure = TIMED_OUT;
        assertSense(run(e, cdb10(SYNCHRONIZE_CACHE_10, 0, 0, 0)), SenseKey.NOT_READY,
                AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE);
    }

    @Test
    void theReadBackOfWriteAndVerifyThatTimesOutIsNotReadyToo() {
        RecordingStore store = store(true);
        SbcEngine e = engine(store, SbcOptions.defaults());
        store.readFailure = TIMED_OUT;
        assertSense(run(e, cdb10(WRITE_AND_VERIFY_10, 0, 0, 1), new byte[BS]), SenseKey.NOT_READY,
                AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE);
    }

    @Test
    void aDeferredTimeoutKeepsItsSense() {
        var s = Senses.deferred(TIMED_OUT);
        assertEquals(SenseKey.NOT_READY, s.key());
        assertEquals(AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE, s.additionalSense());
        assertTrue(s.deferred());
    }
}
