package io.quiver.handler.passthrough.impl;

import static io.quiver.handler.passthrough.impl.CdbInfo.blocks;
import static io.quiver.handler.passthrough.impl.CdbInfo.in;
import static io.quiver.handler.passthrough.impl.CdbInfo.out;
import static io.quiver.handler.passthrough.impl.CdbInfo.serviceAction;
import static io.quiver.handler.passthrough.impl.CdbInfo.u16;
import static io.quiver.handler.passthrough.impl.CdbInfo.u24;
import static io.quiver.handler.passthrough.impl.CdbInfo.u8;

import io.netty.buffer.ByteBuf;

/**
 * A tape drive's commands (SSC-4, peripheral device type 01h). READ, READ REVERSE, WRITE and VERIFY with BYTCMP
 * move TRANSFER LENGTH blocks of the current fixed block length when FIXED is set (the length the mode parameter
 * block descriptor last said), or TRANSFER LENGTH bytes when it is not (variable mode, one block). Motion and
 * filemark commands move nothing; READ POSITION returns 20 (short form), 32 (long form) or ALLOCATION LENGTH
 * (extended form) bytes; READ BLOCK LIMITS 6, or 20 with MLOI. Stateless.
 */
final class SscCdbs {

    private static final int FIXED = 0x01;
    private static final int BYTCMP = 0x02;

    private SscCdbs() {
    }

    /** The command's data with fixed blocks of {@code blockLength} bytes (0: not known), or {@code null}. */
    static CdbInfo of(ByteBuf cdb, int opcode, long blockLength) {
        return switch (opcode) {
            // REWIND, WRITE FILEMARKS (6), SPACE (6), ERASE (6), LOAD UNLOAD, LOCATE (10), SET CAPACITY,
            // WRITE FILEMARKS (16), SPACE (16), LOCATE (16), ERASE (16)
            case 0x01, 0x10, 0x11, 0x19, 0x1B, 0x2B, 0x0B, 0x80, 0x91, 0x92, 0x93 -> CdbInfo.NONE;
            case 0x05 -> in((u8(cdb, 1) & 0x01) != 0 ? 20 : 6); // READ BLOCK LIMITS
            case 0x08, 0x0F -> in(length(u8(cdb, 1), u24(cdb, 2), blockLength)); // READ (6), READ REVERSE (6)
            case 0x0A -> out(length(u8(cdb, 1), u24(cdb, 2), blockLength)); // WRITE (6)
            case 0x13 -> verify(u8(cdb, 1), u24(cdb, 2), blockLength); // VERIFY (6)
            case 0x88, 0x81 -> in(length(u8(cdb, 1), u24(cdb, 12), blockLength)); // READ (16), READ REVERSE (16)
            case 0x8A -> out(length(u8(cdb, 1), u24(cdb, 12), blockLength)); // WRITE (16)
            case 0x8F -> verify(u8(cdb, 1), u24(cdb, 12), blockLength); // VERIFY (16)
            case 0x04 -> out(u16(cdb, 3)); // FORMAT MEDIUM
            case 0x34 -> readPosition(cdb);
            case 0x44 -> in(u16(cdb, 7)); // REPORT DENSITY SUPPORT
            default -> null;
        };
    }

    /** TRANSFER LENGTH in fixed blocks or, with FIXED clear, in bytes. */
    private static long length(int flags, int transfer, long blockLength) {
        return (flags & FIXED) != 0 ? blocks(transfer, blockLength) : transfer;
    }

    /** VERIFY compares data-out only with BYTCMP. */
    private static CdbInfo verify(int flags, int transfer, long blockLength) {
        return (flags & BYTCMP) != 0 ? out(length(flags, transfer, blockLength)) : CdbInfo.NONE;
    }

    /** READ POSITION by service action: short form (and its vendor variant), long form, extended form. */
    private static CdbInfo readPosition(ByteBuf cdb) {
        return switch (serviceAction(cdb)) {
            case 0x00, 0x01 -> in(20);
            case 0x06 -> in(32);
            case 0x08 -> in(u16(cdb, 7));
            default -> null;
        };
    }
}
