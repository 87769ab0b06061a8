package io.quiver.sbc.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AtomicWriteCommandsTest extends SbcTestSupport {

    /** WRITE ATOMIC (16): LBA in bytes 2-9, ATOMIC BOUNDARY in 10-11, TRANSFER LENGTH in 12-13. */
    private static byte[] writeAtomic(int flags, long lba, int boundary, int blocks) {
        byte[] c = cdb16(ScsiOpcode.WRITE_ATOMIC_16, flags, lba, 0);
        c[10] = (byte) (boundary >>> 8);
        c[11] = (byte) boundary;
        c[12] = (byte) (blocks >>> 8);
        c[13] = (byte) blocks;
        return c;
    }

    private SbcEngine engine(int atomicBlocks, RecordingStore store) {
        store.atomicBlocks = atomicBlocks;
        return engine(store, SbcOptions.defaults());
    }

    @Test
    void aStoreWithoutAtomicWritesHasNoWriteAtomic() {
        SbcEngine e = engine(0, store(false));
        assertSense(run(e, writeAtomic(0, 0, 0, 1), new byte[BS]), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
        assertFalse(CommandTable.commands(false, false).stream().anyMatch(c -> c.opcode() == 0x9C));
        assertTrue(CommandTable.commands(false, true).stream().anyMatch(c -> c.opcode() == 0x9C));
    }

    @Test
    void writesTheWholeTransferInOneAtomicWrite() {
        RecordingStore store = store(false);
        SbcEngine e = engine(32, store);
        byte[] data = pattern(32, 5);
        assertGood(run(e, writeAtomic(0x08, BLOCKS - 32, 0, 32), data));
        assertEquals(1, store.atomicWrites.get());
        assertArrayEquals(data, Arrays.copyOfRange(store.data, (BLOCKS - 32) * BS, BLOCKS * BS));
        assertGood(run(e, writeAtomic(0, 0, 0, 0))); // no blocks: not an error
        assertEquals(1, store.atomicWrites.get());
    }

    @Test
    void anAtomicBoundarySplitsTheTransferIntoAtomicUnits() {
        RecordingStore store = store(false);
        SbcEngine e = engine(8, store);
        byte[] data = pattern(20, 9);
        assertGood(run(e, writeAtomic(0, 100, 8, 20), data)); // 8 + 8 + 4
        assertEquals(3, store.atomicWrites.get());
        assertArrayEquals(data, Arrays.copyOfRange(store.data, 100 * BS, 120 * BS));
    }

    @Test
    void limitsRangesAndProtection() {
        SbcEngine e = engine(8, store(false));
        assertInvalidField(run(e, writeAtomic(0, 0, 0, 9), new byte[9 * BS]), 12); // > MAX ATOMIC TRANSFER LENGTH
        assertInvalidField(run(e, writeAtomic(0, 0, 9, 9), new byte[9 * BS]), 10); // > MAX ATOMIC BOUNDARY SIZE
        SbcEngine large = engine(8, new RecordingStore(BS, e.maxTransferBlocks() + 8, false, true));
        int beyond = e.maxTransferBlocks() + 1;
        assertInvalidField(run(large, writeAtomic(0, 0, 8, beyond), new byte[0]), 12); // > ... WITH ATOMIC BOUNDARY
        assertInvalidField(run(e, writeAtomic(0x20, 0, 0, 1), new byte[BS]), 1); // WRPROTECT, no PI
        assertInvalidField(run(e, writeAtomic(0x02, 0, 0, 1), new byte[BS]), 1); // reserved bit
        assertSense(run(e, writeAtomic(0, BLOCKS - 1, 0, 2), new byte[2 * BS]), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertSense(run(e, new TestTask(writeAtomic(0, 0, 0, 1), new byte[BS], true)), SenseKey.DATA_PROTECT,
                AdditionalSense.WRITE_PROTECTED);
    }

    @Test
    void theReadGateSeesAtomicWritesInFlightAndBegunMeanwhile() {
        AtomicReadGate g = new AtomicReadGate();
        long stamp = g.quiet();
        assertTrue(stamp >= 0);
        assertTrue(g.unchangedSince(stamp));
        g.enter();
        assertFalse(g.unchangedSince(stamp)); // began during the read
        assertEquals(-1, g.quiet()); // in flight
        g.exit();
        long later = g.quiet();
        assertTrue(later >= 0);
        assertTrue(g.unchangedSince(later));
    }
}
