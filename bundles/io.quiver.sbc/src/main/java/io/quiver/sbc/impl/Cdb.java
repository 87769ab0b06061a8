package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;

/**
 * Reads CDB fields by their byte offset in the CDB (SBC-3 numbering), whatever the buffer's reader
 * index, and decodes the LOGICAL BLOCK ADDRESS / TRANSFER LENGTH pair by CDB group (6, 10, 12 or 16
 * bytes). Stateless; safe on any thread.
 */
final class Cdb {

    private Cdb() {
    }

    static int u8(ByteBuf cdb, int offset) {
        return cdb.getUnsignedByte(cdb.readerIndex() + offset);
    }

    static int u16(ByteBuf cdb, int offset) {
        return cdb.getUnsignedShort(cdb.readerIndex() + offset);
    }

    static long u32(ByteBuf cdb, int offset) {
        return cdb.getUnsignedInt(cdb.readerIndex() + offset);
    }

    static long u64(ByteBuf cdb, int offset) {
        return cdb.getLong(cdb.readerIndex() + offset);
    }

    /** Whether bit {@code bit} of byte {@code offset} is set. */
    static boolean bit(ByteBuf cdb, int offset, int bit) {
        return (u8(cdb, offset) & (1 << bit)) != 0;
    }

    /** The LOGICAL BLOCK ADDRESS of a READ/WRITE/VERIFY-shaped CDB, unsigned in a long. */
    static long lba(ByteBuf cdb) {
        switch (u8(cdb, 0) >>> 5) {
            case 0:
                return (u8(cdb, 1) & 0x1F) << 16 | u16(cdb, 2);
            case 4:
                return u64(cdb, 2);
            default:
                return u32(cdb, 2);
        }
    }

    /**
     * The TRANSFER LENGTH (or NUMBER OF LOGICAL BLOCKS) of a READ/WRITE/VERIFY-shaped CDB; a 6-byte
     * READ/WRITE with 0 means 256 blocks (SBC-3 5.8).
     */
    static long transferLength(ByteBuf cdb) {
        switch (u8(cdb, 0) >>> 5) {
            case 0:
                int n = u8(cdb, 4);
                return n == 0 ? 256 : n;
            case 4:
                return u32(cdb, 10);
            case 5:
                return u32(cdb, 6);
            default:
                return u16(cdb, 7);
        }
    }

    /** The 3-bit RDPROTECT/WRPROTECT/VRPROTECT/ORPROTECT field of byte 1 (0 for 6-byte CDBs). */
    static int protect(ByteBuf cdb) {
        return (u8(cdb, 0) >>> 5) == 0 ? 0 : u8(cdb, 1) >>> 5;
    }

    /** The FUA bit (byte 1 bit 3; 6-byte CDBs have none). */
    static boolean fua(ByteBuf cdb) {
        return (u8(cdb, 0) >>> 5) != 0 && bit(cdb, 1, 3);
    }
}
