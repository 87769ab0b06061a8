package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProtectionInformationTest extends SbcTestSupport {

    @Test
    void crc16IsT10Dif() {
        ByteBuf check = Unpooled.copiedBuffer("123456789", StandardCharsets.US_ASCII);
        assertEquals(0xD0DB, ProtectionInformation.crc16(check, 0, 9)); // the CRC-16/T10-DIF check value
    }

    @Test
    void readCapacity16ReportsTheType() {
        for (int type = 0; type <= 3; type++) {
            byte[] rc = run(piEngine(type), cdb16(SERVICE_ACTION_IN_16, SAI_READ_CAPACITY_16, 0, 32)).dataIn();
            assertEquals(type == 0 ? 0 : (type - 1) << 1 | 1, rc[12]);
        }
    }

    @Test
    void type1WritesAndReadsProtectionInformationInterleaved() {
        SbcEngine e = piEngine(1);
        byte[] data = pattern(4, 3);
        byte[] sent = withPi(data, 0x1234, 100, -1);
        assertGood(run(e, cdb10(WRITE_10, 0x20, 100, 4), sent));
        assertArrayEquals(sent, run(e, cdb10(READ_10, 0x20, 100, 4)).dataIn());
        assertArrayEquals(data, run(e, cdb10(READ_10, 0, 100, 4)).dataIn()); // RDPROTECT 0: data only, checked
        // A plain WRITE gets generated PI: guard, application tag 0, reference tag = LBA.
        assertGood(run(e, cdb10(WRITE_10, 0, 200, 2), pattern(2, 8)));
        assertArrayEquals(withPi(pattern(2, 8), 0, 200, -1), run(e, cdb16(READ_16, 0x20, 200, 2)).dataIn());
    }

    @Test
    void badGuardOrReferenceTagIsRefusedWithTheLba() {
        SbcEngine e = piEngine(1);
        assertPiFailure(run(e, cdb10(WRITE_10, 0x20, 10, 3), withPi(pattern(3, 1), 0, 10, 2)),
                AdditionalSense.LOGICAL_BLOCK_GUARD_CHECK_FAILED, 12);
        assertPiFailure(run(e, cdb10(WRITE_10, 0x20, 10, 3), withPi(pattern(3, 1), 0, 11, -1)),
                AdditionalSense.LOGICAL_BLOCK_REFERENCE_TAG_CHECK_FAILED, 10);
        // WRPROTECT 011b checks nothing; a later READ finds the stored guard wrong.
        assertGood(run(e, cdb10(WRITE_10, 0x60, 10, 3), withPi(pattern(3, 1), 0, 10, 1)));
        assertPiFailure(run(e, cdb10(READ_10, 0, 10, 3)), AdditionalSense.LOGICAL_BLOCK_GUARD_CHECK_FAILED, 11);
        assertInvalidField(run(e, cdb10(READ_10, 0xC0, 10, 1)), 1); // RDPROTECT 110b is reserved
    }

    @Test
    void neverWrittenAndUnmappedBlocksCarryTheEscape() {
        SbcEngine e = piEngine(1);
        byte[] back = run(e, cdb10(READ_10, 0x20, 500, 1)).dataIn();
        assertArrayEquals(new byte[BS], Arrays.copyOf(back, BS));
        assertEquals(0xFFFF, Unpooled.wrappedBuffer(back).getUnsignedShort(BS + 2));
    }

    @Test
    void type2TakesItsTagsFrom32ByteCdbsOnly() {
        SbcEngine e = piEngine(2);
        assertSense(run(e, cdb10(WRITE_10, 0x20, 0, 1), withPi(pattern(1, 1), 0, 0, -1)), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
        byte[] sent = withPi(pattern(2, 4), 0x0ABC, 7000, -1);
        assertGood(run(e, cdb32(VL_WRITE_32, 1, 50, 7000, 0x0ABC, 0xFFFF, 2), sent));
        assertArrayEquals(sent, run(e, cdb32(VL_READ_32, 1, 50, 7000, 0x0ABC, 0xFFFF, 2)).dataIn());
        assertPiFailure(run(e, cdb32(VL_READ_32, 1, 50, 7000, 0x0ABD, 0xFFFF, 2)),
                AdditionalSense.LOGICAL_BLOCK_APPLICATION_TAG_CHECK_FAILED, 50);
        assertPiFailure(run(e, cdb32(VL_READ_32, 1, 50, 7001, 0x0ABC, 0, 2)),
                AdditionalSense.LOGICAL_BLOCK_REFERENCE_TAG_CHECK_FAILED, 50);
        assertSense(run(piEngine(1), cdb32(VL_READ_32, 1, 50, 7000, 0, 0, 1)), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
    }

    @Test
    void type3DoesNotCheckTheReferenceTag() {
        SbcEngine e = piEngine(3);
        byte[] sent = withPi(pattern(2, 6), 1, 0x55555555L, -1);
        assertGood(run(e, cdb16(WRITE_16, 0x20, 30, 2), sent));
        assertArrayEquals(sent, run(e, cdb16(READ_16, 0x20, 30, 2)).dataIn());
        assertPiFailure(run(e, cdb16(WRITE_16, 0x20, 30, 2), withPi(pattern(2, 6), 1, 0, 0)),
                AdditionalSense.LOGICAL_BLOCK_GUARD_CHECK_FAILED, 30);
    }

    @Test
    void aDeviceWithoutProtectionInformationRefusesProtectFields() {
        SbcEngine e = piEngine(0);
        assertInvalidField(run(e, cdb10(READ_10, 0x20, 0, 1)), 1);
        assertSense(run(e, cdb32(VL_READ_32, 1, 0, 0, 0, 0, 1)), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
    }

    @Test
    void formatUnitTakesOnlyTheConfiguredTypeAndResetsTheProtection() {
        SbcEngine one = piEngine(1);
        assertGood(run(one, cdb10(WRITE_10, 0, 5, 1), pattern(1, 2)));
        assertInvalidField(run(one, cdb(FORMAT_UNIT, 0, 0, 0, 0, 0)), 1); // without PI: not this device
        assertInvalidField(run(one, cdb(FORMAT_UNIT, 0xC0, 0, 0, 0, 0)), 1); // type 2 or 3
        assertGood(run(one, cdb(FORMAT_UNIT, 0x80, 0, 0, 0, 0)));
        byte[] back = run(one, cdb10(READ_10, 0x20, 5, 1)).dataIn();
        assertEquals(-1L, Unpooled.wrappedBuffer(back).getLong(BS), "PI reset to the escape");
        SbcEngine three = piEngine(3);
        assertInvalidField(run(three, cdb(FORMAT_UNIT, 0xC0, 0, 0, 0, 0)), 1); // needs PROTECTION FIELD USAGE 001b
        assertSense(run(three, cdb(FORMAT_UNIT, 0xD0, 0, 0, 0, 0), new byte[4]), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        assertGood(run(three, cdb(FORMAT_UNIT, 0xD0, 0, 0, 0, 0), new byte[] {1, 0, 0, 0}));
        assertGood(run(piEngine(2), cdb(FORMAT_UNIT, 0xC0, 0, 0, 0, 0)));
    }

    @Test
    void theControlPageSaysTheApplicationTagIsTheInitiators() {
        byte[] withPi = run(piEngine(1), cdb(MODE_SENSE_6, 0x08, 0x0A, 0, 255, 0)).dataIn();
        assertEquals(0x80, withPi[4 + 5] & 0x80, "ATO");
        byte[] without = run(piEngine(0), cdb(MODE_SENSE_6, 0x08, 0x0A, 0, 255, 0)).dataIn();
        assertEquals(0, without[4 + 5] & 0x80);
    }
}
