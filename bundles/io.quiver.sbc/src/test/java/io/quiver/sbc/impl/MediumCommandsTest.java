package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseBuilder;
import io.quiver.scsi.SenseKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MediumCommandsTest extends SbcTestSupport {

    private static byte[] sanitize(int action, int length) {
        return cdb(SANITIZE, action, 0, 0, 0, 0, 0, length >>> 8, length, 0);
    }

    private static byte[] overwriteList(int flags, byte[] pattern) {
        ByteBuf b = Unpooled.buffer(4 + pattern.length);
        b.writeByte(flags).writeByte(0).writeShort(pattern.length).writeBytes(pattern);
        return b.array();
    }

    @Test
    void formatUnitDeallocatesAThinStoreAndRejectsProtection() {
        RecordingStore store = store(true);
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertGood(run(e, cdb10(WRITE_10, 0, 0, 2), filled(2 * BS, 6)));
        assertGood(run(e, cdb(FORMAT_UNIT, 0, 0, 0, 0, 0)));
        assertEquals(1, store.unmaps.get());
        assertArrayEquals(new byte[2 * BS], Arrays.copyOfRange(store.data, 0, 2 * BS));
        assertGood(run(e, cdb(FORMAT_UNIT, 0x10, 0, 0, 0, 0), new byte[4]));
        assertInvalidField(run(e, cdb(FORMAT_UNIT, 0x80, 0, 0, 0, 0)), 1); // type 1: not this device
        assertSense(run(e, cdb(FORMAT_UNIT, 0x10, 0, 0, 0, 0), new byte[] {0, 0, 0, 8}),
                SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        assertSense(run(e, new TestTask(cdb(FORMAT_UNIT, 0, 0, 0, 0, 0), null, true)), SenseKey.DATA_PROTECT,
                AdditionalSense.WRITE_PROTECTED);
    }

    @Test
    void readDefectDataHasNoDefects() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        byte[] ten = run(e, cdb(READ_DEFECT_DATA_10, 0, 0x18 | 0x05, 0, 0, 0, 0, 0, 255, 0)).dataIn();
        assertArrayEquals(new byte[] {0, 0x1D, 0, 0}, ten);
        byte[] twelve = run(e, cdb(READ_DEFECT_DATA_12, 0x08 | 0x04, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0)).dataIn();
        assertArrayEquals(new byte[] {0, 0x0C, 0, 0, 0, 0, 0, 0}, twelve);
    }

    @Test
    void sanitizeOverwriteWritesThePatternEverywhere() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        byte[] list = overwriteList(0x01, new byte[] {1, 2, 3});
        assertGood(run(e, sanitize(0x01, list.length), list));
        for (int block : new int[] {0, BLOCKS - 1}) {
            assertEquals(1, store.data[block * BS]);
            assertEquals(2, store.data[block * BS + 1]);
            assertEquals(3, store.data[block * BS + 2]);
            assertEquals(1, store.data[block * BS + 3]);
        }
        byte[] inverted = overwriteList(0x80 | 0x02, new byte[] {0x0F});
        assertGood(run(e, sanitize(0x81, inverted.length), inverted));
        awaitSanitized(e); // IMMED: GOOD came when the parameters were accepted
        assertEquals(0x0F, store.data[BS * 7]);
    }

    @Test
    void sanitizeOverwriteParameterErrorsAreInvalidFieldInCdb() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        for (int length = 0; length < 5; length++) {
            assertInvalidField(run(e, sanitize(0x01, length), new byte[4]), 7);
        }
        assertInvalidField(run(e, sanitize(0x01, BS + 5), new byte[BS + 5]), 7);
        byte[] noPasses = overwriteList(0x00, new byte[BS]);
        assertInvalidField(run(e, sanitize(0x01, noPasses.length), noPasses), 7);
        byte[] noPattern = overwriteList(0x01, new byte[0]);
        byte[] padded = Arrays.copyOf(noPattern, 8);
        assertInvalidField(run(e, sanitize(0x01, padded.length), padded), 7);
    }

    @Test
    void sanitizeBlockEraseDeallocatesThinStoresOnly() {
        RecordingStore thin = store(true);
        SbcEngine t = engine("thin", thin, SbcOptions.defaults());
        assertGood(run(t, cdb10(WRITE_10, 0, BLOCKS - 1, 1), filled(BS, 9)));
        assertGood(run(t, sanitize(0x02, 0)));
        assertEquals(1, thin.unmaps.get());
        assertArrayEquals(new byte[BS], Arrays.copyOfRange(thin.data, (BLOCKS - 1) * BS, BLOCKS * BS));
        assertInvalidField(run(t, sanitize(0x02, 8), new byte[8]), 7);
        assertSense(run(t, new TestTask(sanitize(0x02, 0), null, true)), SenseKey.DATA_PROTECT,
                AdditionalSense.WRITE_PROTECTED);
        SbcEngine thick = engine("thick", store(false), SbcOptions.defaults());
        assertInvalidField(run(thick, sanitize(0x02, 0)), 1);
        assertTrue(CommandTable.commands(false).stream()
                .noneMatch(c -> c.opcode() == SANITIZE && c.serviceAction() == 0x02));
    }

    @Test
    void otherSanitizeActions() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        assertGood(run(e, sanitize(0x1F, 0)));
        assertInvalidField(run(e, sanitize(0x03, 0)), 1);
        assertInvalidField(run(e, sanitize(0x1F, 8), new byte[8]), 7); // EXIT FAILURE MODE takes no list
    }

    @Test
    void sanitizeReservedBitsAndBytesAreInvalidFieldInCdb() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        byte[] list = overwriteList(0x01, new byte[] {7});
        byte[] reservedBit = sanitize(0x01 | 0x40, list.length);
        assertInvalidField(run(e, reservedBit, list), 1);
        for (int i = 2; i < 7; i++) {
            byte[] c = sanitize(0x01, list.length);
            c[i] = (byte) i;
            assertInvalidField(run(e, c, list), i);
        }
    }

    @Test
    void whileASanitizeRunsOnlyInquiryIsServed() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        RangeLock.Grant[] held = new RangeLock.Grant[1];
        e.rangeLock.acquire(0, 1, g -> held[0] = g); // an in-flight write the sanitize has to wait for
        byte[] list = overwriteList(0x01, new byte[] {0x33});
        assertGood(run(e, sanitize(0x81, list.length), list)); // IMMED
        for (byte[] c : new byte[][] {cdb(TEST_UNIT_READY, 0, 0, 0, 0, 0), cdb10(READ_10, 0, 0, 1),
                cdb(START_STOP_UNIT, 1, 0, 0, 1, 0), sanitize(0x01, list.length)}) {
            assertSense(run(e, c, c[0] == SANITIZE ? list : null), SenseKey.NOT_READY,
                    AdditionalSense.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS);
        }
        assertGood(run(e, cdb(INQUIRY, 1, 0xB0, 0, 64, 0)));
        // Still waiting for the range: progress indication valid (SKSV) and at 0.
        assertEquals(0x800000, run(e, cdb(TEST_UNIT_READY, 0, 0, 0, 0, 0)).await().sense().senseKeySpecific());
        held[0].release();
        awaitSanitized(e);
        assertEquals(0x33, store.data[BS * (BLOCKS - 1)]);
    }

    @Test
    void aFlushFailingAfterAnImmediateSanitizeIsADeferredError() {
        RecordingStore store = store(false);
        store.flushFailure = new java.io.IOException("write-back flush failed");
        SbcEngine e = engine(store, SbcOptions.defaults());
        RecordingContext ctx = new RecordingContext();
        e.attach(ctx);
        byte[] list = overwriteList(0x01, new byte[] {1});
        assertSense(run(e, sanitize(0x01, list.length), list), SenseKey.MEDIUM_ERROR, AdditionalSense.WRITE_ERROR);
        assertGood(run(e, sanitize(0x81, list.length), list)); // IMMED: GOOD before the flush fails
        String deferred = "deferred " + new SenseBuilder(SenseKey.MEDIUM_ERROR, AdditionalSense.WRITE_ERROR).deferred().build();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!ctx.events().contains(deferred) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, ctx.events().stream().filter(ev -> ev.startsWith("deferred")).count(), ctx.events()::toString);
        assertTrue(ctx.events().contains(deferred), ctx.events()::toString);
    }

    /** Waits as an initiator does: TEST UNIT READY until the sanitize is over. */
    private void awaitSanitized(SbcEngine e) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (e.sanitize.inProgress() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertGood(run(e, cdb(TEST_UNIT_READY, 0, 0, 0, 0, 0)));
    }
}
