package io.quiver.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class SenseDataTest {

    private static byte[] hex(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    @Test
    void fixedFormatInvalidOpcodePointsAtByteZeroOfTheCdb() {
        byte[] expected = hex("70 00 05 00 00 00 00 0A 00 00 00 00 20 00 00 C0 00 00");
        assertArrayEquals(expected, SenseData.invalidOpcode().toBytes(false));
    }

    @Test
    void fixedFormatFieldPointerWithBitPointer() {
        // SPC-4 4.5.2.4.2: SKSV=1, C/D=1, BPV=1, bit 3, byte 1
        byte[] b = SenseData.invalidFieldInCdb(1, 3).toBytes(false);
        assertEquals(0x05, b[2]);
        assertEquals(0x24, b[12]);
        assertEquals((byte) 0xCB, b[15]);
        assertEquals(0x00, b[16]);
        assertEquals(0x01, b[17]);
    }

    @Test
    void parameterListFieldPointerHasCdClear() {
        byte[] b = SenseData.invalidFieldInParameterList(300, -1).toBytes(false);
        assertEquals(0x26, b[12]);
        assertEquals((byte) 0x80, b[15]);
        assertEquals(0x01, b[16]);
        assertEquals(0x2C, b[17]);
    }

    @Test
    void fixedFormatInformationSetsValidBit() {
        SenseData s = new SenseBuilder(SenseKey.MISCOMPARE, AdditionalSense.MISCOMPARE_DURING_VERIFY_OPERATION)
                .information(0x1234).build();
        byte[] b = s.toBytes(false);
        assertEquals((byte) 0xF0, b[0]);
        assertEquals(0x0E, b[2]);
        assertArrayEquals(hex("00 00 12 34"), java.util.Arrays.copyOfRange(b, 3, 7));
        assertEquals(0x1D, b[12]);
    }

    @Test
    void fixedFormatLeavesValidClearWhenInformationDoesNotFitFourBytes() {
        SenseData s = new SenseBuilder(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE)
                .information(0x1_0000_0000L).build();
        byte[] b = s.toBytes(false);
        assertEquals(0x70, b[0]);
        assertArrayEquals(hex("00 00 00 00"), java.util.Arrays.copyOfRange(b, 3, 7));
    }

    @Test
    void descriptorFormatCarriesInformationAndSenseKeySpecificDescriptors() {
        SenseData s = new SenseBuilder(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB)
                .information(0x1_0000_0000L).fieldPointer(true, 2, -1).build();
        byte[] expected = hex("72 05 24 00 00 00 00 14"
                + " 00 0A 80 00 00 00 00 01 00 00 00 00"
                + " 02 06 00 00 C0 00 02 00");
        assertArrayEquals(expected, s.toBytes(true));
        assertEquals(28, s.encodedLength(true));
    }

    @Test
    void streamBitsGoToByteTwoAndTheStreamCommandsDescriptor() {
        SenseData s = new SenseBuilder(SenseKey.NO_SENSE, 0x00, 0x01).filemark().incorrectLength().information(3).build();
        byte[] fixed = s.toBytes(false);
        assertEquals(0x80 | 0x20 | SenseKey.NO_SENSE.code(), fixed[2] & 0xFF, "FILEMARK, ILI, sense key");
        assertEquals(3, fixed[6]);
        SenseData eom = new SenseBuilder(SenseKey.VOLUME_OVERFLOW, 0x00, 0x02).endOfMedium().build();
        assertEquals(0x40 | 0x0D, eom.toBytes(false)[2] & 0xFF, "EOM, VOLUME OVERFLOW");
        byte[] desc = s.toBytes(true);
        assertEquals(8 + 12 + 4, desc.length);
        assertEquals(0x04, desc[20], "stream commands descriptor");
        assertEquals(0xA0, desc[23] & 0xFF, "FILEMARK and ILI in it, no block commands descriptor");
        assertTrue(s.filemark() && s.incorrectLength() && !s.endOfMedium());
    }

    @Test
    void deferredErrorsUseResponseCodes71And73() {
        SenseData s = new SenseBuilder(SenseKey.MEDIUM_ERROR, AdditionalSense.WRITE_ERROR).deferred().build();
        assertEquals(0x71, s.toBytes(false)[0]);
        assertEquals(0x73, s.toBytes(true)[0]);
    }

    @Test
    void encodeWritesAtTheWriterIndexOfAPooledBuffer() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        try {
            buf.writeByte(0xAA);
            SenseData.of(SenseKey.UNIT_ATTENTION, AdditionalSense.REPORTED_LUNS_DATA_HAS_CHANGED).encode(buf, false);
            assertEquals(1 + SenseData.FIXED_LENGTH, buf.readableBytes());
            assertEquals(0x06, buf.getByte(3));
            assertEquals(0x3F, buf.getByte(13));
            assertEquals(0x0E, buf.getByte(14));
        } finally {
            buf.release();
        }
    }

    @Test
    void builderRejectsOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> new SenseBuilder(SenseKey.NO_SENSE, 0x100, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new SenseBuilder(SenseKey.NO_SENSE, AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION).fieldPointer(true, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> SenseKey.fromCode(0xC));
        assertThrows(IllegalArgumentException.class, () -> ScsiStatus.fromCode(0x01));
    }

    @Test
    void namesAndLookups() {
        assertEquals(ScsiStatus.RESERVATION_CONFLICT, ScsiStatus.fromCode(0x18));
        assertEquals(AdditionalSense.CAPACITY_DATA_HAS_CHANGED, AdditionalSense.of(0x2A, 0x09));
        assertNull(AdditionalSense.of(0x80, 0x80));
        assertEquals("READ 10", ScsiOpcode.name(ScsiOpcode.READ_10));
        assertEquals("OPCODE 0xFF", ScsiOpcode.name(0xFF));
        assertEquals("ILLEGAL_REQUEST/INVALID FIELD IN CDB", SenseData.invalidFieldInCdb(1, -1).toString());
    }
}
