package io.quiver.handler.passthrough.impl;

import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiOpcode;

/**
 * How long a pass-through command may take on the real device, by device type, as SCST's dev handlers time
 * them: the configured timeout for most commands, but at least SCST's regular timeout for a tape's data
 * commands (15 minutes, {@code SCST_GENERIC_TAPE_REG_TIMEOUT}: a read may first wind the tape) and its long
 * timeouts for commands whose time grows with the medium or the library, not with the transfer. Stateless.
 */
final class CommandTimeouts {

    /** SCST's long disk timeout ({@code SCST_GENERIC_DISK_LONG_TIMEOUT}). */
    static final long DISK_LONG_MS = 3_600_000;
    /** SCST's regular tape timeout ({@code SCST_GENERIC_TAPE_REG_TIMEOUT}). */
    static final long TAPE_REGULAR_MS = 900_000;
    /** SCST's long tape and changer timeout ({@code SCST_GENERIC_TAPE_LONG_TIMEOUT}, 14000 s). */
    static final long MEDIUM_LONG_MS = 14_000_000;

    // SSC-3 and SMC-3 commands (their codes overlap SBC's, which is why timeouts go by device type).
    private static final int REWIND = 0x01;
    private static final int INITIALIZE_ELEMENT_STATUS = 0x07;
    private static final int WRITE_FILEMARKS_6 = 0x10;
    private static final int SPACE_6 = 0x11;
    private static final int VERIFY_6 = 0x13;
    private static final int ERASE_6 = 0x19;
    private static final int LOAD_UNLOAD = 0x1B;
    private static final int LOCATE_10_OR_POSITION_TO_ELEMENT = 0x2B;
    private static final int INITIALIZE_ELEMENT_STATUS_WITH_RANGE = 0x37;
    private static final int WRITE_FILEMARKS_16 = 0x80;
    private static final int READ_REVERSE_16 = 0x81;
    private static final int ERASE_16 = 0x93;
    private static final int SPACE_16 = 0x91;
    private static final int LOCATE_16 = 0x92;
    private static final int EXCHANGE_MEDIUM = 0xA6;

    private CommandTimeouts() {
    }

    /** The timeout of {@code opcode} on a device of {@code type} whose configured timeout is {@code configured}. */
    static long of(PeripheralDeviceType type, int opcode, long configured) {
        return switch (type) {
            case SEQUENTIAL_ACCESS -> tape(opcode, configured);
            case MEDIUM_CHANGER -> switch (opcode) {
                case ScsiOpcode.MOVE_MEDIUM, EXCHANGE_MEDIUM, INITIALIZE_ELEMENT_STATUS, INITIALIZE_ELEMENT_STATUS_WITH_RANGE,
                        LOCATE_10_OR_POSITION_TO_ELEMENT -> Math.max(configured, MEDIUM_LONG_MS);
                default -> configured;
            };
            default -> disk(opcode, configured);
        };
    }

    private static long tape(int opcode, long configured) {
        return switch (opcode) {
            case REWIND, ScsiOpcode.FORMAT_UNIT, SPACE_6, SPACE_16, ERASE_6, ERASE_16, LOAD_UNLOAD,
                    LOCATE_10_OR_POSITION_TO_ELEMENT, LOCATE_16 -> Math.max(configured, MEDIUM_LONG_MS);
            case ScsiOpcode.READ_6, ScsiOpcode.WRITE_6, READ_REVERSE_16, ScsiOpcode.READ_16, ScsiOpcode.WRITE_16,
                    WRITE_FILEMARKS_6, WRITE_FILEMARKS_16, VERIFY_6 -> Math.max(configured, TAPE_REGULAR_MS);
            default -> configured;
        };
    }

    /**
     * Disks, CD/DVD, processors, arrays: commands whose time grows with the LU, not the transfer (FORMAT UNIT,
     * SANITIZE, VERIFY, WRITE SAME, UNMAP, SYNCHRONIZE CACHE, EXTENDED COPY, START STOP UNIT) get an hour.
     */
    private static long disk(int opcode, long configured) {
        return switch (opcode) {
            case ScsiOpcode.FORMAT_UNIT, ScsiOpcode.SANITIZE, ScsiOpcode.VERIFY_10, ScsiOpcode.VERIFY_12, ScsiOpcode.VERIFY_16,
                    ScsiOpcode.WRITE_SAME_10, ScsiOpcode.WRITE_SAME_16, ScsiOpcode.UNMAP, ScsiOpcode.SYNCHRONIZE_CACHE_10,
                    ScsiOpcode.SYNCHRONIZE_CACHE_16, ScsiOpcode.EXTENDED_COPY, ScsiOpcode.START_STOP_UNIT
                    -> Math.max(configured, DISK_LONG_MS);
            default -> configured;
        };
    }
}
