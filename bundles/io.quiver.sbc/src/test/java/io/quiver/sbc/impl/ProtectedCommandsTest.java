package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** VRPROTECT, WRPROTECT and ORPROTECT on VERIFY, WRITE AND VERIFY, COMPARE AND WRITE, ORWRITE, WRITE SAME. */
class ProtectedCommandsTest extends SbcTestSupport {

    private static final int BYTCHK_1 = 0x02;
    private static final int BYTCHK_11 = 0x06;

    private static void assertMiscompare(TestTask t, long offset) {
        assertSense(t, SenseKey.MISCOMPARE, AdditionalSense.MISCOMPARE_DURING_VERIFY_OPERATION);
        assertEquals(offset, t.await().sense().information());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] compareAndWrite(int wrprotect, long lba, int blocks) {
        return cdb(COMPARE_AND_WRITE, wrprotect << 5, (int) (lba >>> 56), (int) (lba >>> 48), (int) (lba >>> 40),
                (int) (lba >>> 32), (int) (lba >>> 24), (int) (lba >>> 16), (int) (lba >>> 8), (int) lba, 0, 0, 0,
                blocks, 0, 0);
    }

    @Test
    void verifyWithoutByteCheckChecksTheStoredProtectionAsVrprotectAsks() {
        SbcEngine e = piEngine(1);
        // WRPROTECT 011b stores a wrong guard for block 102 unchecked.
        assertGood(run(e, cdb10(WRITE_10, 0x60, 100, 4), withPi(pattern(4, 2), 0, 100, 2)));
        assertPiFailure(run(e, cdb10(VERIFY_10, 0x20, 100, 4)), AdditionalSense.LOGICAL_BLOCK_GUARD_CHECK_FAILED,
                102);
        assertPiFailure(run(e, cdb16(VERIFY_16, 0, 100, 4)), AdditionalSense.LOGICAL_BLOCK_GUARD_CHECK_FAILED, 102);
        assertGood(run(e, cdb12(VERIFY_12, 0x60, 100, 4))); // 011b: no check
        assertGood(run(e, cdb10(VERIFY_10, 0x20, 100, 2)));
        assertInvalidField(run(e, cdb10(VERIFY_10, 0xE0, 100, 1)), 1); // 111b reserved
    }

    @Test
    void verifyWithByteCheckComparesDataAndTheFieldsVrprotectEnables() {
        SbcEngine e = piEngine(1);
        byte[] data = pattern(2, 5);
        byte[] sent = withPi(data, 0x1234, 40, -1);
        assertGood(run(e, cdb10(WRITE_10, 0x20, 40, 2), sent));
        assertGood(run(e, cdb10(VERIFY_10, 0x20 | BYTCHK_1, 40, 2), sent));
        byte[] otherApp = withPi(data, 0x1235, 40, -1);
        assertMiscompare(run(e, cdb10(VERIFY_10, 0x20 | BYTCHK_1, 40, 2), otherApp), BS + 2);
        assertGood(run(e, cdb10(VERIFY_10, 0x60 | BYTCHK_1, 40, 2), otherApp)); // 011b: data only
        assertMiscompare(run(e, cdb10(VERIFY_10, 0x80 | BYTCHK_1, 40, 2), withPi(data, 0, 40, 1)), 2L * BS + 8);
        byte[] otherData = sent.clone();
        otherData[BS + 8 + 5] ^= 1;
        assertMiscompare(run(e, cdb16(VERIFY_16, 0x20 | BYTCHK_1, 40, 2), otherData), BS + 8 + 5);
        // BYTCHK 11b: one block and its PI for all, the reference tag counting up.
        byte[] block = pattern(1, 9);
        assertGood(run(e, cdb10(WRITE_10, 0x20, 60, 3), withPi(concat(concat(block, block), block), 7, 60, -1)));
        assertGood(run(e, cdb10(VERIFY_10, 0x20 | BYTCHK_11, 60, 3), withPi(block, 7, 60, -1)));
        assertMiscompare(run(e, cdb10(VERIFY_10, 0x20 | BYTCHK_11, 60, 3), withPi(block, 7, 61, -1)), BS + 4);
    }

    @Test
    void writeAndVerifyTakesCheckesAndStoresTheProtectionInformation() {
        SbcEngine e = piEngine(1);
        byte[] sent = withPi(pattern(3, 4), 0x0042, 200, -1);
        assertGood(run(e, cdb10(WRITE_AND_VERIFY_10, 0x20 | BYTCHK_1, 200, 3), sent));
        assertArrayEquals(sent, run(e, cdb10(READ_10, 0x20, 200, 3)).dataIn());
        assertPiFailure(run(e, cdb16(WRITE_AND_VERIFY_16, 0x20, 200, 3), withPi(pattern(3, 4), 0, 200, 1)),
                AdditionalSense.LOGICAL_BLOCK_GUARD_CHECK_FAILED, 201);
        assertPiFailure(run(e, cdb12(WRITE_AND_VERIFY_12, 0x40, 200, 3), withPi(pattern(3, 4), 0, 199, -1)),
                AdditionalSense.LOGICAL_BLOCK_REFERENCE_TAG_CHECK_FAILED, 200);
        // WRPROTECT 0 on a device with PI: generated, then read back.
        assertGood(run(e, cdb10(WRITE_AND_VERIFY_10, BYTCHK_1, 210, 1), pattern(1, 3)));
        assertArrayEquals(withPi(pattern(1, 3), 0, 210, -1), run(e, cdb10(READ_10, 0x20, 210, 1)).dataIn());
        assertSense(run(piEngine(2), cdb10(WRITE_AND_VERIFY_10, 0x20, 0, 1), withPi(pattern(1, 1), 0, 0, -1)),
                SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
    }

    @Test
    void compareAndWriteCarriesProtectionInformationInBothHalves() {
        SbcEngine e = piEngine(1);
        byte[] old = pattern(2, 6);
        byte[] next = pattern(2, 7);
        assertGood(run(e, cdb10(WRITE_10, 0, 10, 2), old));
        assertGood(run(e, compareAndWrite(1, 10, 2), concat(withPi(old, 0, 10, -1), withPi(next, 0x99, 10, -1))));
        assertArrayEquals(withPi(next, 0x99, 10, -1), run(e, cdb10(READ_10, 0x20, 10, 2)).dataIn());
        byte[] wrong = next.clone();
        wrong[BS + 3] ^= 1;
        assertMiscompare(run(e, compareAndWrite(1, 10, 2), concat(withPi(wrong, 0, 10, -1), withPi(old, 0, 10, -1))),
                BS + 8 + 3);
        assertPiFailure(run(e, compareAndWrite(1, 10, 2), concat(withPi(next, 0, 10, -1), withPi(old, 0, 10, 1))),
                AdditionalSense.LOGICAL_BLOCK_GUARD_CHECK_FAILED, 11);
        assertArrayEquals(next, run(e, cdb10(READ_10, 0, 10, 2)).dataIn(), "nothing written after a failure");
        assertInvalidField(run(e, compareAndWrite(1, 10, 2), concat(next, old)), 13); // halves without PI
    }

    @Test
    void orWriteChecksOrprotectAndStoresTheGuardOfTheResult() {
        SbcEngine e = piEngine(1);
        byte[] low = filled(2 * BS, 0x0F);
        byte[] high = filled(2 * BS, 0xF0);
        assertGood(run(e, cdb10(WRITE_10, 0, 20, 2), low));
        assertGood(run(e, cdb16(ORWRITE_16, 0x20, 20, 2), withPi(high, 0x77, 20, -1)));
        assertArrayEquals(withPi(filled(2 * BS, 0xFF), 0x77, 20, -1), run(e, cdb10(READ_10, 0x20, 20, 2)).dataIn());
        assertPiFailure(run(e, cdb16(ORWRITE_16, 0x20, 20, 2), withPi(high, 0, 20, 0)),
                AdditionalSense.LOGICAL_BLOCK_GUARD_CHECK_FAILED, 20);
    }

    @Test
    void writeSameAppliesTheBlocksProtectionWithCountingReferenceTags() {
        SbcEngine e = piEngine(1);
        byte[] block = pattern(1, 11);
        byte[] four = concat(concat(block, block), concat(block, block));
        assertGood(run(e, cdb10(WRITE_SAME_10, 0x20, 300, 4), withPi(block, 0x55, 300, -1)));
        assertArrayEquals(withPi(four, 0x55, 300, -1), run(e, cdb10(READ_10, 0x20, 300, 4)).dataIn());
        assertPiFailure(run(e, cdb16(WRITE_SAME_16, 0x20, 300, 4), withPi(block, 0x55, 301, -1)),
                AdditionalSense.LOGICAL_BLOCK_REFERENCE_TAG_CHECK_FAILED, 300);
        assertInvalidField(run(e, cdb16(WRITE_SAME_16, 0x21, 300, 4)), 1); // NDOB: no PI to apply
        SbcEngine three = piEngine(3);
        assertGood(run(three, cdb16(WRITE_SAME_16, 0x20, 8, 2), withPi(block, 3, 0xABCD, -1)));
        byte[] back = run(three, cdb10(READ_10, 0x20, 8, 2)).dataIn();
        assertEquals(0xABCD, java.nio.ByteBuffer.wrap(back).getInt(2 * BS + 8 + 4), "type 3 repeats the tag");
    }

    @Test
    void type2Has32ByteVerifyWriteAndVerifyAndWriteSame() {
        SbcEngine e = piEngine(2);
        byte[] sent = withPi(pattern(2, 12), 0x0ABC, 9000, -1);
        assertGood(run(e, cdb32Flags(VL_WRITE_AND_VERIFY_32, 0x20 | BYTCHK_1, 70, 9000, 0x0ABC, 0xFFFF, 2), sent));
        assertArrayEquals(sent, run(e, cdb32(VL_READ_32, 1, 70, 9000, 0x0ABC, 0xFFFF, 2)).dataIn());
        assertGood(run(e, cdb32(VL_VERIFY_32, 1, 70, 9000, 0x0ABC, 0xFFFF, 2)));
        assertPiFailure(run(e, cdb32(VL_VERIFY_32, 1, 70, 9000, 0x0ABD, 0xFFFF, 2)),
                AdditionalSense.LOGICAL_BLOCK_APPLICATION_TAG_CHECK_FAILED, 70);
        assertGood(run(e, cdb32Flags(VL_VERIFY_32, 0x20 | BYTCHK_1, 70, 9000, 0x0ABC, 0xFFFF, 2), sent));
        byte[] block = pattern(1, 13);
        assertGood(run(e, cdb32(VL_WRITE_SAME_32, 1, 80, 500, 0x0D, 0xFFFF, 3), withPi(block, 0x0D, 500, -1)));
        assertArrayEquals(withPi(concat(concat(block, block), block), 0x0D, 500, -1),
                run(e, cdb32(VL_READ_32, 1, 80, 500, 0x0D, 0xFFFF, 3)).dataIn());
        assertPiFailure(run(e, cdb32(VL_WRITE_SAME_32, 1, 80, 501, 0, 0, 3), withPi(block, 0x0D, 500, -1)),
                AdditionalSense.LOGICAL_BLOCK_REFERENCE_TAG_CHECK_FAILED, 80);
        assertSense(run(piEngine(1), cdb32(VL_VERIFY_32, 1, 0, 0, 0, 0, 1)), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
    }

    @Test
    void the32ByteCommandsAreReportedOnType2Only() {
        java.util.List<io.quiver.spi.device.CommandDescriptor> type2 = CommandTable.commands(false, false, 2);
        java.util.List<Integer> actions = type2.stream().filter(c -> c.opcode() == VARIABLE_LENGTH)
                .map(c -> c.serviceAction()).toList();
        assertEquals(java.util.List.of(VL_READ_32, VL_VERIFY_32, VL_WRITE_32, VL_WRITE_AND_VERIFY_32,
                VL_WRITE_SAME_32), actions);
        type2.stream().filter(c -> c.opcode() == VARIABLE_LENGTH).forEach(c -> {
            assertEquals(32, c.cdbUsageMap().length);
            assertEquals(0x07, c.cdbUsageMap()[1], "CONTROL is byte 1 of a variable-length CDB");
        });
        for (int type : new int[] {0, 1, 3}) {
            assertEquals(0, CommandTable.commands(true, true, type).stream()
                    .filter(c -> c.opcode() == VARIABLE_LENGTH).count());
        }
    }
}
