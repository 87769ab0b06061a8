package io.quiver.handler.passthrough.impl;

import static io.quiver.handler.passthrough.impl.CdbInfo.FROM_INITIATOR;
import static io.quiver.handler.passthrough.impl.CdbInfo.blocks;
import static io.quiver.handler.passthrough.impl.CdbInfo.in;
import static io.quiver.handler.passthrough.impl.CdbInfo.out;
import static io.quiver.handler.passthrough.impl.CdbInfo.serviceAction;
import static io.quiver.handler.passthrough.impl.CdbInfo.u16;
import static io.quiver.handler.passthrough.impl.CdbInfo.u32;
import static io.quiver.handler.passthrough.impl.CdbInfo.u8;

import io.netty.buffer.ByteBuf;

/**
 * A disk's commands (SBC-4, peripheral device type 00h): READ and WRITE move TRANSFER LENGTH logical blocks of the
 * device's current block length (READ (6) with 0 meaning 256); VERIFY moves data by its BYTCHK (00b none, 01b the
 * blocks, 11b one block); WRITE SAME one block unless NDOB; COMPARE AND WRITE twice its blocks; WRITE LONG nothing
 * with WR_UNCOR. FORMAT UNIT and REASSIGN BLOCKS carry their length in their parameter data, not the CDB. SERVICE
 * ACTION IN (9Eh), SERVICE ACTION OUT (9Fh) and the variable-length CDBs (7Fh: READ, WRITE, VERIFY, WRITE AND
 * VERIFY, WRITE SAME, ORWRITE (32)) go by service action. Stateless.
 */
final class SbcCdbs {

    private SbcCdbs() {
    }

    /** The command's data with blocks of {@code blockLength} bytes (0: not known), or {@code null} if not listed. */
    static CdbInfo of(ByteBuf cdb, int opcode, long blockLength) {
        return switch (opcode) {
            case 0x01, 0x0B, 0x1B, 0x2B, 0x34, 0x35, 0x90, 0x91 -> CdbInfo.NONE; // REZERO, SEEK, START STOP, PRE-FETCH, SYNC
            case 0x04 -> (u8(cdb, 1) & 0x10) != 0 ? out(FROM_INITIATOR) : CdbInfo.NONE; // FORMAT UNIT, FMTDATA
            case 0x07 -> out(FROM_INITIATOR); // REASSIGN BLOCKS
            case 0x08 -> in(blocks(u8(cdb, 4) == 0 ? 256 : u8(cdb, 4), blockLength)); // READ (6)
            case 0x0A -> out(blocks(u8(cdb, 4) == 0 ? 256 : u8(cdb, 4), blockLength)); // WRITE (6)
            case 0x25 -> in(8); // READ CAPACITY (10)
            case 0x28 -> in(blocks(u16(cdb, 7), blockLength));
            case 0x2A, 0x2E -> out(blocks(u16(cdb, 7), blockLength)); // WRITE, WRITE AND VERIFY (10)
            case 0xA8 -> in(blocks(u32(cdb, 6), blockLength));
            case 0xAA, 0xAE -> out(blocks(u32(cdb, 6), blockLength));
            case 0x88 -> in(blocks(u32(cdb, 10), blockLength));
            case 0x8A, 0x8B, 0x8E -> out(blocks(u32(cdb, 10), blockLength)); // WRITE, ORWRITE, WRITE AND VERIFY (16)
            case 0x9C -> out(blocks(u16(cdb, 12), blockLength)); // WRITE ATOMIC (16)
            case 0x2F -> verify(u8(cdb, 1), u16(cdb, 7), blockLength);
            case 0xAF -> verify(u8(cdb, 1), u32(cdb, 6), blockLength);
            case 0x8F -> verify(u8(cdb, 1), u32(cdb, 10), blockLength);
            case 0x41, 0x93 -> writeSame(u8(cdb, 1), blockLength);
            case 0x42, 0x48 -> out(u16(cdb, 7)); // UNMAP, SANITIZE (the OVERWRITE parameter list)
            case 0x89 -> out(blocks(2L * u8(cdb, 13), blockLength)); // COMPARE AND WRITE
            case 0x37, 0x3E -> in(u16(cdb, 7)); // READ DEFECT DATA (10), READ LONG (10): bytes
            case 0xB7 -> in(u32(cdb, 6)); // READ DEFECT DATA (12)
            case 0x3F -> (u8(cdb, 1) & 0x40) != 0 ? CdbInfo.NONE : out(u16(cdb, 7)); // WRITE LONG (10), WR_UNCOR
            case 0x9E -> serviceActionIn(cdb);
            case 0x9F -> serviceAction(cdb) != 0x11 ? null // WRITE LONG (16)
                    : (u8(cdb, 1) & 0x40) != 0 ? CdbInfo.NONE : out(u16(cdb, 12));
            case 0x7F -> variableLength(cdb, blockLength);
            default -> null;
        };
    }

    /** 9Eh: READ CAPACITY (16), GET LBA STATUS, REPORT REFERRALS, GET STREAM STATUS; READ LONG (16) in bytes. */
    private static CdbInfo serviceActionIn(ByteBuf cdb) {
        return switch (serviceAction(cdb)) {
            case 0x10, 0x12, 0x13, 0x16 -> in(u32(cdb, 10));
            case 0x11 -> in(u16(cdb, 12));
            default -> null;
        };
    }

    /** 7Fh: the 32-byte CDBs of SBC-4, by the service action in bytes 8-9; flags in byte 10. */
    private static CdbInfo variableLength(ByteBuf cdb, long blockLength) {
        if (cdb.readableBytes() < 32) {
            return null;
        }
        long count = u32(cdb, 28);
        return switch (u16(cdb, 8)) {
            case 0x0009 -> in(blocks(count, blockLength));
            case 0x000B, 0x000C, 0x000E -> out(blocks(count, blockLength)); // WRITE, WRITE AND VERIFY, ORWRITE (32)
            case 0x000A -> verify(u8(cdb, 10), count, blockLength);
            case 0x000D -> writeSame(u8(cdb, 10), blockLength);
            default -> null;
        };
    }

    /** VERIFY by BYTCHK (bits 2-1 of {@code flags}): none, the blocks, or one block; 10b is reserved. */
    private static CdbInfo verify(int flags, long count, long blockLength) {
        return switch ((flags >> 1) & 0x03) {
            case 0 -> CdbInfo.NONE;
            case 1 -> out(blocks(count, blockLength));
            case 3 -> out(blocks(1, blockLength));
            default -> null;
        };
    }

    /** WRITE SAME: one block of data-out, none with NDOB (bit 0 of {@code flags}). */
    private static CdbInfo writeSame(int flags, long blockLength) {
        return (flags & 0x01) != 0 ? CdbInfo.NONE : out(blocks(1, blockLength));
    }

    /** Whether {@code opcode} is a VERIFY whose BYTCHK is 00b (SCST lets its direction differ from the initiator's). */
    static boolean verifyWithoutData(ByteBuf cdb, int opcode) {
        return switch (opcode) {
            case 0x2F, 0xAF, 0x8F -> ((u8(cdb, 1) >> 1) & 0x03) == 0;
            case 0x7F -> cdb.readableBytes() >= 32 && u16(cdb, 8) == 0x000A && ((u8(cdb, 10) >> 1) & 0x03) == 0;
            default -> false;
        };
    }
}
