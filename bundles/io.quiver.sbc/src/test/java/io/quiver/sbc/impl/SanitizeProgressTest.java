package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.SANITIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sanitize overwrite's pacing, progress indication and end when the device closes, driven by a clock
 * that records its sleeps instead of sleeping.
 */
class SanitizeProgressTest extends SbcTestSupport {

    /** A clock whose time moves only when the pacer sleeps; it runs {@code onSleep} at every sleep. */
    private static final class FakeClock implements Pacer.Clock {
        final List<Long> sleeps = new ArrayList<>();
        Runnable onSleep = () -> { };
        long now = 1_000;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
            onSleep.run();
        }
    }

    /** OVERWRITE, three passes of a one-byte pattern, IMMED clear. */
    private static final byte[] LIST = {0x03, 0, 0, 1, 0x5A};

    private TestTask overwrite(Sanitize s) throws Exception {
        TestTask t = new TestTask(cdb(SANITIZE, 0x01, 0, 0, 0, 0, 0, 0, LIST.length, 0), LIST, false);
        closeables.add(t);
        s.sanitize(t);
        t.await();
        return t;
    }

    @Test
    void anOverwriteIsHeldToItsRateAndReportsHowFarItIs() throws Exception {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults().withSanitizeMaxRate(1));
        FakeClock clock = new FakeClock();
        Sanitize s = new Sanitize(e, clock);
        List<Integer> progress = new ArrayList<>();
        clock.onSleep = () -> progress.add(s.notReady().senseKeySpecific());
        assertGood(overwrite(s));
        // 1024 blocks of 512 bytes per pass at 1 MiB/s: each of passes 2 and 3 is due half a second later.
        assertEquals(List.of(500_000_000L, 500_000_000L), clock.sleeps);
        // SKSV plus 1/3 and 2/3 of 65536.
        assertEquals(List.of(0x800000 | 21845, 0x800000 | 43690), progress);
        assertEquals(SenseKey.NOT_READY, s.notReady().key());
        assertEquals(AdditionalSense.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS, s.notReady().additionalSense());
        assertEquals(0x5A, store.data[BS * BLOCKS - 1]);
    }

    @Test
    void anUnboundedOverwriteNeverSleeps() throws Exception {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        FakeClock clock = new FakeClock();
        assertGood(overwrite(new Sanitize(e, clock)));
        assertEquals(List.of(), clock.sleeps);
    }

    @Test
    void closingTheDeviceEndsARunningOverwriteWithAnError() throws Exception {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults().withSanitizeMaxRate(1));
        FakeClock clock = new FakeClock();
        Sanitize s = new Sanitize(e, clock);
        clock.onSleep = s::close;
        assertSense(overwrite(s), SenseKey.MEDIUM_ERROR, AdditionalSense.WRITE_ERROR);
        assertEquals(1, clock.sleeps.size());
        assertEquals(false, s.inProgress());
    }

    /** libiscsi Sanitize.Reset: aborting the SANITIZE command (ABORT TASK, LU reset) ends the command only. */
    @Test
    void anAbortEndsTheCommandButNotTheOperation() throws Exception {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults().withSanitizeMaxRate(1));
        FakeClock clock = new FakeClock();
        Sanitize s = new Sanitize(e, clock);
        TestTask t = new TestTask(cdb(SANITIZE, 0x01, 0, 0, 0, 0, 0, 0, LIST.length, 0), LIST, false);
        closeables.add(t);
        List<Boolean> doneAtSleep = new ArrayList<>();
        clock.onSleep = () -> {
            doneAtSleep.add(t.completions() == 1);
            t.abort();
        };
        s.sanitize(t);
        assertGood(t); // answered when the abort came, before the second pass
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (s.inProgress() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(List.of(false, true), doneAtSleep, "the operation went on after its task ended");
        assertEquals(1, t.completions());
        assertEquals(0x5A, store.data[BS * BLOCKS - 1]);
    }
}
