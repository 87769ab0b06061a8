package io.quiver.handler.passthrough.impl;

import static io.quiver.handler.passthrough.impl.CdbInfo.in;
import static io.quiver.handler.passthrough.impl.CdbInfo.out;
import static io.quiver.handler.passthrough.impl.CdbInfo.serviceAction;
import static io.quiver.handler.passthrough.impl.CdbInfo.u16;
import static io.quiver.handler.passthrough.impl.CdbInfo.u24;
import static io.quiver.handler.passthrough.impl.CdbInfo.u32;
import static io.quiver.handler.passthrough.impl.CdbInfo.u8;

import io.netty.buffer.ByteBuf;

/**
 * The commands every device type shares (SPC-4/5), with the field each takes its length from: ALLOCATION LENGTH
 * for data-in, PARAMETER LIST LENGTH for data-out. MAINTENANCE IN/OUT (A3h/A4h) carry it in bytes 6-9 whatever
 * the service action (SPC's and SCC-2's alike); EXTENDED COPY (83h) and RECEIVE COPY RESULTS (84h) in bytes
 * 10-13, COPY OPERATION ABORT moving nothing. A type whose own command shares one of these opcodes (MMC's SEND
 * KEY at A3h, SMC's REQUEST VOLUME ELEMENT ADDRESS at B5h) is decoded by its own table first. Stateless.
 */
final class SpcCdbs {

    private SpcCdbs() {
    }

    /** The command's data, or {@code null} for an opcode (or service action) not listed here. */
    static CdbInfo of(ByteBuf cdb, int opcode) {
        return switch (opcode) {
            case 0x00, 0x16, 0x17, 0x1E -> CdbInfo.NONE; // TEST UNIT READY, RESERVE/RELEASE (6), PREVENT ALLOW
            case 0x03, 0x1A -> in(u8(cdb, 4)); // REQUEST SENSE, MODE SENSE (6)
            case 0x12, 0x1C -> in(u16(cdb, 3)); // INQUIRY, RECEIVE DIAGNOSTIC RESULTS
            case 0x15 -> out(u8(cdb, 4)); // MODE SELECT (6)
            case 0x1D -> out(u16(cdb, 3)); // SEND DIAGNOSTIC
            case 0x3B -> out(u24(cdb, 6)); // WRITE BUFFER
            case 0x3C -> in(u24(cdb, 6)); // READ BUFFER
            case 0x4C, 0x55, 0x56, 0x57 -> out(u16(cdb, 7)); // LOG SELECT, MODE SELECT (10), RESERVE/RELEASE (10)
            case 0x4D, 0x5A, 0x5E -> in(u16(cdb, 7)); // LOG SENSE, MODE SENSE (10), PERSISTENT RESERVE IN
            case 0x5F -> out(u32(cdb, 5)); // PERSISTENT RESERVE OUT
            case 0xA0, 0xA2, 0xA3 -> in(u32(cdb, 6)); // REPORT LUNS, SECURITY PROTOCOL IN, MAINTENANCE IN
            case 0xA4, 0xB5 -> out(u32(cdb, 6)); // MAINTENANCE OUT, SECURITY PROTOCOL OUT
            case 0x83 -> extendedCopy(cdb);
            case 0x84, 0x8C -> in(u32(cdb, 10)); // RECEIVE COPY RESULTS, READ ATTRIBUTE
            case 0x8D -> out(u32(cdb, 10)); // WRITE ATTRIBUTE
            default -> null;
        };
    }

    /** 83h: EXTENDED COPY (LID1, LID4), POPULATE TOKEN, WRITE USING TOKEN send a list; COPY OPERATION ABORT none. */
    private static CdbInfo extendedCopy(ByteBuf cdb) {
        return switch (serviceAction(cdb)) {
            case 0x00, 0x01, 0x10, 0x11 -> out(u32(cdb, 10));
            case 0x1C -> CdbInfo.NONE;
            default -> null;
        };
    }
}
