package io.quiver.handler.passthrough.impl;

import static io.quiver.handler.passthrough.impl.CdbInfo.in;
import static io.quiver.handler.passthrough.impl.CdbInfo.out;
import static io.quiver.handler.passthrough.impl.CdbInfo.u16;
import static io.quiver.handler.passthrough.impl.CdbInfo.u24;

import io.netty.buffer.ByteBuf;

/**
 * A medium changer's commands (SMC-3, peripheral device type 08h) and a processor device's (SPC-2's processor
 * commands, type 03h). A changer moves media without data (MOVE MEDIUM, EXCHANGE MEDIUM, POSITION TO ELEMENT,
 * INITIALIZE ELEMENT STATUS with or without range, OPEN/CLOSE IMPORT/EXPORT ELEMENT) and reports its elements
 * in ALLOCATION LENGTH bytes (READ ELEMENT STATUS, REQUEST VOLUME ELEMENT ADDRESS: bytes 7-9; B5h is not SPC's
 * SECURITY PROTOCOL OUT here); SEND VOLUME TAG sends PARAMETER LIST LENGTH bytes. A processor RECEIVEs and SENDs
 * TRANSFER LENGTH bytes (bytes 2-4). Stateless.
 */
final class SmcCdbs {

    private SmcCdbs() {
    }

    /** A changer's command's data, or {@code null} if not listed. */
    static CdbInfo changer(ByteBuf cdb, int opcode) {
        return switch (opcode) {
            case 0x07, 0x1B, 0x2B, 0x37, 0xA5, 0xA6 -> CdbInfo.NONE;
            case 0xB5, 0xB8 -> in(u24(cdb, 7)); // REQUEST VOLUME ELEMENT ADDRESS, READ ELEMENT STATUS
            case 0xB6 -> out(u16(cdb, 8)); // SEND VOLUME TAG
            default -> null;
        };
    }

    /** A processor device's command's data, or {@code null} if not listed. */
    static CdbInfo processor(ByteBuf cdb, int opcode) {
        return switch (opcode) {
            case 0x08 -> in(u24(cdb, 2)); // RECEIVE
            case 0x0A -> out(u24(cdb, 2)); // SEND
            default -> null;
        };
    }
}
