package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.WRITE_10;
import static io.quiver.scsi.ScsiOpcode.WRITE_SAME_16;

import io.quiver.sbc.SbcOptions;
import io.quiver.sbc.SpaceAllocationFailedException;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A thin store out of space answers writes with DATA PROTECT (SBC-4 4.7.3.7), other write errors stay MEDIUM ERROR. */
class SpaceAllocationTest extends SbcTestSupport {

    @Test
    void aWriteThatFindsNoSpaceIsSpaceAllocationFailedWriteProtect() {
        RecordingStore store = store(true);
        SbcEngine e = engine(store, SbcOptions.defaults());
        store.writeFailure = new SpaceAllocationFailedException("ramdisk out of memory", null);
        assertSense(run(e, cdb10(WRITE_10, 0, 0, 1), new byte[BS]), SenseKey.DATA_PROTECT,
                AdditionalSense.SPACE_ALLOCATION_FAILED_WRITE_PROTECT);
        assertSense(run(e, cdb16(WRITE_SAME_16, 0, 0, 8), new byte[BS]), SenseKey.DATA_PROTECT,
                AdditionalSense.SPACE_ALLOCATION_FAILED_WRITE_PROTECT);
    }

    @Test
    void anyOtherWriteErrorIsAMediumError() {
        RecordingStore store = store(true);
        SbcEngine e = engine(store, SbcOptions.defaults());
        store.writeFailure = new IOException("disk gone");
        assertSense(run(e, cdb10(WRITE_10, 0, 0, 1), new byte[BS]), SenseKey.MEDIUM_ERROR,
                AdditionalSense.WRITE_ERROR);
    }

    @Test
    void aDeferredSpaceAllocationFailureKeepsItsSense() {
        var s = Senses.deferred(new SpaceAllocationFailedException("full", null));
        org.junit.jupiter.api.Assertions.assertEquals(AdditionalSense.SPACE_ALLOCATION_FAILED_WRITE_PROTECT,
                s.additionalSense());
        org.junit.jupiter.api.Assertions.assertTrue(s.deferred());
    }
}
