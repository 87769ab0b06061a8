package io.quiver.handler.passthrough.impl;

import static io.quiver.handler.passthrough.impl.CdbInfo.FROM_INITIATOR;
import static io.quiver.handler.passthrough.impl.CdbInfo.in;
import static io.quiver.handler.passthrough.impl.CdbInfo.out;
import static io.quiver.handler.passthrough.impl.CdbInfo.u16;
import static io.quiver.handler.passthrough.impl.CdbInfo.u24;
import static io.quiver.handler.passthrough.impl.CdbInfo.u8;

import io.netty.buffer.ByteBuf;

/**
 * A CD/DVD device's commands (MMC-6, peripheral device type 05h): its own ALLOCATION and PARAMETER LIST LENGTH
 * fields, then READ, WRITE, VERIFY, READ CAPACITY and SYNCHRONIZE CACHE as a disk has them ({@link SbcCdbs},
 * blocks of the medium's block length, 2048 bytes on a data CD). MMC reuses opcodes SBC gives other meanings:
 * 42h is READ SUB-CHANNEL (not UNMAP), A3h/A4h SEND KEY/REPORT KEY (not MAINTENANCE IN/OUT). READ CD and READ CD
 * MSF move sectors whose size depends on the sector type asked for: their length is the initiator's. Stateless.
 */
final class MmcCdbs {

    private MmcCdbs() {
    }

    /** The command's data with blocks of {@code blockLength} bytes (0: not known), or {@code null}. */
    static CdbInfo of(ByteBuf cdb, int opcode, long blockLength) {
        return switch (opcode) {
            // PLAY AUDIO (10), PLAY AUDIO MSF, PAUSE/RESUME, STOP PLAY/SCAN, RESERVE TRACK, CLOSE TRACK/SESSION,
            // BLANK, LOAD/UNLOAD MEDIUM, SET CD SPEED, START STOP UNIT
            case 0x45, 0x47, 0x4B, 0x4E, 0x53, 0x5B, 0xA1, 0xA6, 0xBB, 0x1B -> CdbInfo.NONE;
            // READ FORMAT CAPACITIES, READ SUB-CHANNEL, READ TOC/PMA/ATIP, READ HEADER, GET CONFIGURATION,
            // GET EVENT STATUS NOTIFICATION, READ DISC INFORMATION, READ TRACK INFORMATION, READ BUFFER CAPACITY
            case 0x23, 0x42, 0x43, 0x44, 0x46, 0x4A, 0x51, 0x52, 0x5C -> in(u16(cdb, 7));
            case 0x54 -> out(u16(cdb, 7)); // SEND OPC INFORMATION
            case 0x5D -> out(u24(cdb, 6)); // SEND CUE SHEET
            case 0xA4, 0xAD -> in(u16(cdb, 8)); // REPORT KEY, READ DISC STRUCTURE
            case 0xA3, 0xBF -> out(u16(cdb, 8)); // SEND KEY, SEND DISC STRUCTURE
            case 0xB6 -> out(u16(cdb, 9)); // SET STREAMING
            case 0xBE, 0xB9, 0xAC -> in(FROM_INITIATOR); // READ CD, READ CD MSF, GET PERFORMANCE
            case 0x04 -> (u8(cdb, 1) & 0x10) != 0 ? out(FROM_INITIATOR) : CdbInfo.NONE; // FORMAT UNIT, FMTDATA
            case 0x25, 0x28, 0x2A, 0x2B, 0x2E, 0x2F, 0x35, 0xA8, 0xAA -> SbcCdbs.of(cdb, opcode, blockLength);
            default -> null;
        };
    }
}
