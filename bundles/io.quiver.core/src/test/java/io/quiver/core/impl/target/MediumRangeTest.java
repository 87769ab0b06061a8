package io.quiver.core.impl.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.PeripheralDeviceType;
import org.junit.jupiter.api.Test;

/** The blocks restricted reordering compares, decoded from CDBs. */
class MediumRangeTest {

    private static final long END = Long.MAX_VALUE;
    private static final PeripheralDeviceType DISK = PeripheralDeviceType.DIRECT_ACCESS_BLOCK;

    private static MediumRange range(DataDirection direction, PeripheralDeviceType type, int... cdb) {
        byte[] b = new byte[cdb.length];
        for (int i = 0; i < cdb.length; i++) {
            b[i] = (byte) cdb[i];
        }
        return MediumRange.of(Unpooled.wrappedBuffer(b), direction, type);
    }

    @Test
    void decodesTheBlocksOfSbcCommands() {
        DataDirection in = DataDirection.IN;
        DataDirection none = DataDirection.NONE;
        DataDirection out = DataDirection.OUT;
        assertEquals(new MediumRange(0x1F0203, 0x1F0203 + 256, false), range(in, DISK, 0x08, 0xFF, 2, 3, 0, 0),
                "READ (6): 21-bit LBA, 0 blocks = 256");
        assertEquals(new MediumRange(0x01020304L, 0x01020304L + 0x0506, true), range(out, DISK, 0x2A, 0, 1, 2, 3, 4, 0, 5, 6, 0),
                "WRITE (10)");
        assertEquals(new MediumRange(7, 7 + 0x01000000L, false), range(in, DISK, 0xA8, 0, 0, 0, 0, 7, 1, 0, 0, 0, 0, 0), "READ (12)");
        assertEquals(new MediumRange(0x0102030405060708L, 0x0102030405060708L + 3, true),
                range(out, DISK, 0x89, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 3, 0, 0), "COMPARE AND WRITE: blocks in byte 13");
        assertEquals(new MediumRange(9, 9 + 0x10, false), range(in, DISK, 0x88, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0x10, 0, 0), "READ (16)");
        assertEquals(new MediumRange(9, END, true), range(none, DISK, 0x93, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0),
                "WRITE SAME (16) without data-out (NDOB) changes blocks; 0 blocks = to the end");
        assertEquals(new MediumRange(4, END, false), range(none, DISK, 0x35, 0, 0, 0, 0, 4, 0, 0, 0, 0), "SYNCHRONIZE CACHE (10)");
        assertEquals(new MediumRange(0, END, true), range(out, DISK, 0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0),
                "UNMAP names its blocks in its parameter list: everything");
        assertEquals(new MediumRange(0, END, true), range(none, DISK, 0x04, 0, 0, 0, 0, 0), "FORMAT UNIT without a list");
        assertEquals(new MediumRange(0, END, false), range(in, DISK, 0x12, 0, 0, 0, 36, 0), "INQUIRY: everything");
        assertEquals(new MediumRange(0, END, false), range(in, DISK, 0x88, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0),
                "an LBA beyond 2^63: everything (the device refuses it)");
        assertEquals(new MediumRange(0, END, false), range(in, DISK, 0x28, 0, 0, 0),
                "a CDB too short: the missing bytes read as 0 (to the end)");
        assertEquals(new MediumRange(0, END, false), range(in, PeripheralDeviceType.SEQUENTIAL_ACCESS, 0x28, 0, 0, 0, 0, 5, 0, 0, 1, 0),
                "another device type: everything (a tape's position orders all its commands)");
    }

    @Test
    void onlyOverlappingBlocksWithAWriterConflict() {
        MediumRange read = new MediumRange(0, 8, false);
        assertFalse(read.conflicts(new MediumRange(4, 12, false)), "two reads");
        assertTrue(read.conflicts(new MediumRange(7, 12, true)));
        assertTrue(new MediumRange(7, 12, true).conflicts(read));
        assertFalse(read.conflicts(new MediumRange(8, 12, true)), "adjacent blocks");
        assertTrue(new MediumRange(0, END, true).conflicts(new MediumRange(1L << 40, (1L << 40) + 1, false)));
    }
}
