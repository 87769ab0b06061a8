package io.quiver.sbc.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.sbc.SbcOptions;
import io.quiver.spi.device.DeviceDescriptor;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Fuzzes CDB decoding and SBC dispatch: any CDB (6 to 32 bytes, any operation code) with any data-out,
 * against a fresh SBC device over a small memory store, must end in exactly one completion with a valid
 * status and, for CHECK CONDITION, sense data that encodes in both formats; no exception may escape, no
 * command may end in INTERNAL TARGET FAILURE (the sign of an exception inside a command class) and every
 * buffer the device took must be released once the device is closed.
 *
 * <p>Input layout: byte 0 picks the store (bit 0 thin, bit 1 blocking I/O threads, bit 2 the LUN
 * write-protected, bit 3 data-out present), byte 1 the CDB length (6 + b % 27), then the CDB, then the
 * data-out. Seeds: {@code SbcDispatchFuzzTestInputs/oneCommand/}. Long run: docs/reliability.md.
 */
class SbcDispatchFuzzTest {

    private static final int BS = 512;
    private static final int BLOCKS = 64;
    private static final Set<ScsiStatus> STATUSES =
            Set.of(ScsiStatus.GOOD, ScsiStatus.CHECK_CONDITION, ScsiStatus.CONDITION_MET);

    /** Entry point for a standalone Jazzer run ({@code --target_class}). */
    public static void fuzzerTestOneInput(byte[] input) throws Exception {
        new SbcDispatchFuzzTest().oneCommand(input);
    }

    @FuzzTest(maxDuration = "10m")
    void oneCommand(byte[] input) throws Exception {
        if (input.length < 2 + 6) {
            return;
        }
        int flags = input[0] & 0xFF;
        int cdbLength = 6 + (input[1] & 0xFF) % 27;
        if (input.length < 2 + cdbLength) {
            return;
        }
        byte[] cdb = Arrays.copyOfRange(input, 2, 2 + cdbLength);
        byte[] dataOut = (flags & 8) != 0 ? Arrays.copyOfRange(input, 2 + cdbLength, input.length) : null;
        TrackingAllocator.INSTANCE.reset();
        RecordingStore store = new RecordingStore(BS, BLOCKS, (flags & 1) != 0, (flags & 2) != 0);
        DeviceDescriptor d = DeviceDescriptor.builder("fuzz", "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                .naaId(new byte[] {0x50, 0, 0, 0, 0, 0, 0, 1}).build();
        SbcEngine e = new SbcEngine(d, store, SbcOptions.defaults(), o -> null);
        TestTask task = new TestTask(cdb, dataOut, (flags & 4) != 0).dataOutReady();
        try {
            e.execute(task);
            TestTask.Result r = task.await();
            assertTrue(STATUSES.contains(r.status()), () -> "status " + r.status());
            if (r.status() == ScsiStatus.CHECK_CONDITION) {
                SenseData s = r.sense();
                assertNotNull(s, "CHECK CONDITION without sense");
                assertNotNull(s.key());
                assertNotEquals(SenseKey.NO_SENSE, s.key());
                assertTrue(s.toBytes(false).length >= SenseData.FIXED_LENGTH);
                assertTrue(s.toBytes(true).length >= 8);
                assertNotEquals(AdditionalSense.INTERNAL_TARGET_FAILURE, s.additionalSense(),
                        () -> "an exception inside the command: " + s);
            }
            ByteBuf data = r.data();
            if (data != null) {
                assertTrue(data.readableBytes() > 0, "empty data-in buffer");
            }
        } finally {
            awaitBackgroundWork(e);
            e.close();
            assertTrue(e.ioExecutor.awaitTermination(10, TimeUnit.SECONDS), "device threads did not end");
            task.close();
        }
        assertEquals(1, task.completions(), "completions");
        assertEquals(0, TrackingAllocator.INSTANCE.unreleased(), "buffers not released");
    }

    /** A sanitize started with IMMED goes on after its task: let it end, as an initiator would wait. */
    private static void awaitBackgroundWork(SbcEngine e) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (e.sanitize.inProgress() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }
}
