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
            CommandDescriptor.of(0x00, 0, 0, 0, 0, 0), // TEST UNIT READY
            CommandDescriptor.of(0x01, 0, 0, 0, 0, 0), // REWIND
            CommandDescriptor.of(0x05, 0x01, 0, 0, 0, 0), // READ BLOCK LIMITS
            CommandDescriptor.of(0x08, 0x03, 0xFF, 0xFF, 0xFF, 0), // READ (6)
            CommandDescriptor.of(0x0A, 0x01, 0xFF, 0xFF, 0xFF, 0), // WRITE (6)
            CommandDescriptor.of(0x10, 0x03, 0xFF, 0xFF, 0xFF, 0), // WRITE FILEMARKS (6)
            CommandDescriptor.of(0x11, 0x0F, 0xFF, 0xFF, 0xFF, 0), // SPACE (6)
            CommandDescriptor.of(0x15, 0x11, 0, 0, 0xFF, 0), // MODE SELECT (6)
            CommandDescriptor.of(0x19, 0x03, 0, 0, 0, 0), // ERASE (6)
            CommandDescriptor.of(0x1A, 0x08, 0xFF, 0, 0xFF, 0), // MODE SENSE (6)
            CommandDescriptor.of(0x1B, 0x01, 0, 0, 0x0F, 0), // LOAD UNLOAD
            CommandDescriptor.of(0x1E, 0, 0, 0, 0x03, 0), // PREVENT ALLOW MEDIUM REMOVAL
            CommandDescriptor.of(0x2B, 0x06, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0), // LOCATE (10)
            CommandDescriptor.of(0x34, 0x1F, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0), // READ POSITION
            CommandDescriptor.of(0x44, 0x01, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0), // REPORT DENSITY SUPPORT
            CommandDescriptor.of(0x4D, 0, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0), // LOG SENSE
            CommandDescriptor.of(0x55, 0x11, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0), // MODE SELECT (10)
            CommandDescriptor.of(0x5A, 0x08, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0), // MODE SENSE (10)
            CommandDescriptor.of(0x91, 0x0F, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0), // SPACE (16)
            CommandDescriptor.of(0x92, 0x3A, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0)); // LOCATE (16)

    /** A changer's commands. */
    static final List<CommandDescriptor> CHANGER = List.of(
            CommandDescriptor.of(0x00, 0, 0, 0, 0, 0), // TEST UNIT READY
            CommandDescriptor.of(0x07, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0), // INITIALIZE ELEMENT STATUS WITH RANGE
            CommandDescriptor.of(0x1A, 0x08, 0xFF, 0, 0xFF, 0), // MODE SENSE (6)
            CommandDescriptor.of(0x1E, 0, 0, 0, 0x03, 0), // PREVENT ALLOW MEDIUM REMOVAL
            CommandDescriptor.of(0x5A, 0x08, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0), // MODE SENSE (10)
            CommandDescriptor.of(0xA5, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0x01, 0), // MOVE MEDIUM
            CommandDescriptor.of(0xA6, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x03, 0), // EXCHANGE MEDIUM
            CommandDescriptor.of(0xB8, 0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0x03, 0xFF, 0xFF, 0xFF, 0, 0)); // READ ELEMENT STATUS

    private TapeCommands() {
    }
}
