package io.quiver.handler.cdrom.impl;

import io.quiver.spi.device.CommandDescriptor;
import java.util.List;

/**
 * The commands {@link CdromDevice} executes, with CDB usage maps (a 1 bit for every CDB bit the drive
 * reads), for REPORT SUPPORTED OPERATION CODES. The write commands it refuses are not listed. Immutable.
 */
final class CdromCommands {

    static final List<CommandDescriptor> ALL = List.of(
            CommandDescriptor.of(0x00, 0, 0, 0, 0, 0), // TEST UNIT READY
            CommandDescriptor.of(0x1A, 0, 0xFF, 0xFF, 0xFF, 0), // MODE SENSE (6)
            CommandDescriptor.of(0x1B, 0, 0, 0, 0xF3, 0), // START STOP UNIT
            CommandDescriptor.of(0x1E, 0, 0, 0, 0x03, 0), // PREVENT ALLOW MEDIUM REMOVAL
            CommandDescriptor.of(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0), // READ CAPACITY (10)
            CommandDescriptor.of(0x28, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0), // READ (10)
            CommandDescriptor.of(0x43, 0x02, 0x0F, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xC0), // READ TOC/PMA/ATIP
            CommandDescriptor.of(0x46, 0x03, 0xFF, 0xFF, 0, 0, 0, 0xFF, 0xFF, 0), // GET CONFIGURATION
            CommandDescriptor.of(0x4A, 0x01, 0, 0, 0xFF, 0, 0, 0xFF, 0xFF, 0), // GET EVENT STATUS NOTIFICATION
            CommandDescriptor.of(0x51, 0x07, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0), // READ DISC INFORMATION
            CommandDescriptor.of(0x52, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0), // READ TRACK INFORMATION
            CommandDescriptor.of(0x5A, 0, 0xFF, 0xFF, 0, 0, 0, 0xFF, 0xFF, 0), // MODE SENSE (10)
            CommandDescriptor.of(0xA8, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0), // READ (12)
            CommandDescriptor.of(0xBD, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0)); // MECHANISM STATUS

    private CdromCommands() {
    }
}
