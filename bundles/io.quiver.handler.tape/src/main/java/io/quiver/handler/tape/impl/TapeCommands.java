package io.quiver.handler.tape.impl;

import io.quiver.spi.device.CommandDescriptor;
import java.util.List;

/**
 * The commands {@link TapeDevice} and {@link ChangerDevice} execute, with CDB usage maps (a 1 bit for
 * every CDB bit the device reads), for REPORT SUPPORTED OPERATION CODES. Immutable.
 */
final class TapeCommands {

    /** A drive's commands. */
    static final List<CommandDescriptor> ALL = List.of(
            command(0x00, 0, 0, 0, 0, 0), // TEST UNIT READY
            command(0x01, 0, 0, 0, 0, 0), // REWIND
            command(0x05, 0x01, 0, 0, 0, 0), // READ BLOCK LIMITS
            command(0x08, 0x03, 0xFF, 0xFF, 0xFF, 0), // READ (6)
            command(0x0A, 0x01, 0xFF, 0xFF, 0xFF, 0), // WRITE (6)
            command(0x10, 0x03, 0xFF, 0xFF, 0xFF, 0), // WRITE FILEMARKS (6)
            command(0x11, 0x0F, 0xFF, 0xFF, 0xFF, 0), // SPACE (6)
            command(0x15, 0x11, 0, 0, 0xFF, 0), // MODE SELECT (6)
            command(0x19, 0x03, 0, 0, 0, 0), // ERASE (6)
            command(0x1A, 0x08, 0xFF, 0, 0xFF, 0), // MODE SENSE (6)
            command(0x1B, 0x01, 0, 0, 0x0F, 0), // LOAD UNLOAD
            command(0x1E, 0, 0, 0, 0x03, 0), // PREVENT ALLOW MEDIUM REMOVAL
            command(0x2B, 0x06, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0), // LOCATE (10)
            command(0x34, 0x1F, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0), // READ POSITION
            command(0x44, 0x01, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0), // REPORT DENSITY SUPPORT
            command(0x4D, 0, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0), // LOG SENSE
            command(0x55, 0x11, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0), // MODE SELECT (10)
            command(0x5A, 0x08, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0), // MODE SENSE (10)
            command(0x91, 0x0F, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0), // SPACE (16)
            command(0x92, 0x3A, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0)); // LOCATE (16)

    /** A changer's commands. */
    static final List<CommandDescriptor> CHANGER = List.of(
            command(0x00, 0, 0, 0, 0, 0), // TEST UNIT READY
            command(0x07, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0), // INITIALIZE ELEMENT STATUS WITH RANGE
            command(0x1A, 0x08, 0xFF, 0, 0xFF, 0), // MODE SENSE (6)
            command(0x1E, 0, 0, 0, 0x03, 0), // PREVENT ALLOW MEDIUM REMOVAL
            command(0x5A, 0x08, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0), // MODE SENSE (10)
            command(0xA5, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0x01, 0), // MOVE MEDIUM
            command(0xA6, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x03, 0), // EXCHANGE MEDIUM
            command(0xB8, 0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0x03, 0xFF, 0xFF, 0xFF, 0, 0)); // READ ELEMENT STATUS

    private TapeCommands() {
    }

    private static CommandDescriptor command(int... usage) {
        byte[] map = new byte[usage.length];
        for (int i = 0; i < usage.length; i++) {
            map[i] = (byte) usage[i];
        }
        return new CommandDescriptor(usage[0], -1, map);
    }
}
