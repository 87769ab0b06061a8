package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.WRITE_10;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.sbc.SbcOptions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A WRITE whose data-out is already there (immediate data) runs on the device thread that called execute,
 * not after one more hand-off to the I/O executor (issue 9).
 */
class WriteHandOffTest extends SbcTestSupport {

    @Test
    void aWriteWithItsDataAlreadyThereIsDoneWhenExecuteReturns() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        byte[] data = pattern(2, 7);
        TestTask t = new TestTask(cdb10(WRITE_10, 0, 40, 2), data, false).dataOutReady();
        try (t) {
            e.execute(t);
            // No waiting: the write and the completion happened inside execute.
            assertEquals(1, store.cachedWrites.get(), "written inside execute");
            assertEquals(Thread.currentThread().getName(), store.lastWriteThread);
            assertGood(t);
            assertArrayEquals(data, Arrays.copyOfRange(store.data, 40 * BS, 42 * BS));
        }
    }
}
