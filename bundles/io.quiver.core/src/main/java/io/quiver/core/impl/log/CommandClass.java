package io.quiver.core.impl.log;

import io.quiver.scsi.ScsiOpcode;

/**
 * The class of a command as the log pages count it: one that reads the medium, writes it, verifies it,
 * or any other. The one place that classifies operation codes for the log counters. Stateless.
 */
public enum CommandClass {
    /** READ 6/10/12/16. */
    READ,
    /** WRITE 6/10/12/16, WRITE AND VERIFY, WRITE SAME, COMPARE AND WRITE. */
    WRITE,
    /** VERIFY 10/12/16 (counted with the other commands, but its errors go to the Verify Error Counter page). */
    VERIFY,
    /** Every other command. */
    OTHER;

    /** The class of an operation code. */
    public static CommandClass of(int opcode) {
        switch (opcode) {
            case ScsiOpcode.READ_6:
            case ScsiOpcode.READ_10:
            case ScsiOpcode.READ_12:
            case ScsiOpcode.READ_16:
                return READ;
            case ScsiOpcode.WRITE_6:
            case ScsiOpcode.WRITE_10:
            case ScsiOpcode.WRITE_12:
            case ScsiOpcode.WRITE_16:
            case ScsiOpcode.WRITE_AND_VERIFY_10:
            case ScsiOpcode.WRITE_AND_VERIFY_12:
            case ScsiOpcode.WRITE_AND_VERIFY_16:
            case ScsiOpcode.WRITE_SAME_10:
            case ScsiOpcode.WRITE_SAME_16:
            case ScsiOpcode.COMPARE_AND_WRITE:
                return WRITE;
            case ScsiOpcode.VERIFY_10:
            case ScsiOpcode.VERIFY_12:
            case ScsiOpcode.VERIFY_16:
                return VERIFY;
            default:
                return OTHER;
        }
    }
}
