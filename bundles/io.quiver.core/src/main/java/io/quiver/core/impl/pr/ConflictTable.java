package io.quiver.core.impl.pr;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiOpcode;

/**
 * Which commands a reservation lets through from an I_T nexus that does not hold it: the tables "SPC
 * commands that are allowed in the presence of various reservations" (SPC-4 5.12.3, table 64) and
 * "SBC-3 commands that are allowed in the presence of various reservations" (SBC-3 4.17), reduced to
 * three access classes, plus the SPC-2 rules for RESERVE(6)/(10). Stateless.
 */
final class ConflictTable {

    /** How a command is treated by a reservation its nexus does not hold. */
    enum Access {
        /** Allowed through every reservation type (INQUIRY, REPORT LUNS, PR IN, TEST UNIT READY...). */
        ALWAYS,
        /** Reads the medium or device state: allowed through Write Exclusive types, not Exclusive Access. */
        READ,
        /** Changes the medium or device state: conflicts unless the nexus holds or shares the reservation. */
        WRITE
    }

    private ConflictTable() {
    }

    static Access classify(ByteBuf cdb, DataDirection direction) {
        int at = cdb.readerIndex();
        int opcode = cdb.getUnsignedByte(at);
        int byte1 = cdb.readableBytes() > 1 ? cdb.getUnsignedByte(at + 1) : 0;
        switch (opcode) {
            case ScsiOpcode.TEST_UNIT_READY:
            case ScsiOpcode.REQUEST_SENSE:
            case ScsiOpcode.INQUIRY:
            case ScsiOpcode.LOG_SENSE:
            case ScsiOpcode.READ_CAPACITY_10:
            case ScsiOpcode.PERSISTENT_RESERVE_IN:
            case ScsiOpcode.PERSISTENT_RESERVE_OUT:
            case ScsiOpcode.REPORT_LUNS:
            case ScsiOpcode.RESERVE_6:
            case ScsiOpcode.RELEASE_6:
            case ScsiOpcode.RESERVE_10:
            case ScsiOpcode.RELEASE_10:
                return Access.ALWAYS;
            case ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL:
                return (cdb.getUnsignedByte(at + 4) & 0x03) == 0 ? Access.ALWAYS : Access.WRITE;
            case ScsiOpcode.START_STOP_UNIT:
                // SBC-3: START=1 with POWER CONDITION 0 only spins the unit up.
                return (cdb.getUnsignedByte(at + 4) & 0xF1) == 0x01 ? Access.ALWAYS : Access.WRITE;
            case ScsiOpcode.SERVICE_ACTION_IN_16:
                return (byte1 & 0x1F) == ScsiOpcode.SAI_READ_CAPACITY_16 ? Access.ALWAYS : Access.READ;
            case ScsiOpcode.SERVICE_ACTION_IN_12:
                return (byte1 & 0x1F) == 0x01 ? Access.ALWAYS : Access.READ;
            case ScsiOpcode.MAINTENANCE_IN:
                return maintenanceIn(byte1 & 0x1F);
            case ScsiOpcode.READ_6:
            case ScsiOpcode.READ_10:
            case ScsiOpcode.READ_12:
            case ScsiOpcode.READ_16:
            case ScsiOpcode.VERIFY_10:
            case ScsiOpcode.VERIFY_12:
            case ScsiOpcode.VERIFY_16:
            case ScsiOpcode.PRE_FETCH_10:
            case ScsiOpcode.PRE_FETCH_16:
            case ScsiOpcode.MODE_SENSE_6:
            case ScsiOpcode.MODE_SENSE_10:
            case ScsiOpcode.READ_BUFFER:
            case ScsiOpcode.RECEIVE_DIAGNOSTIC_RESULTS:
            case ScsiOpcode.READ_DEFECT_DATA_10:
            case ScsiOpcode.READ_DEFECT_DATA_12:
                return Access.READ;
            default:
                return direction == DataDirection.IN ? Access.READ : Access.WRITE;
        }
    }

    private static Access maintenanceIn(int serviceAction) {
        switch (serviceAction) {
            case ScsiOpcode.MI_REPORT_TARGET_PORT_GROUPS:
            case ScsiOpcode.MI_REPORT_TIMESTAMP:
            case 0x05: // REPORT IDENTIFYING INFORMATION
            case 0x0B: // REPORT ALIASES
            case 0x0E: // REPORT PRIORITY
                return Access.ALWAYS;
            default:
                return Access.READ;
        }
    }

    /**
     * Whether a persistent reservation lets the command through from a nexus.
     *
     * @param registered the nexus is registered
     * @param holder the nexus holds the reservation (every registrant does for all-registrants types)
     */
    static boolean allowed(Access access, PrType type, boolean registered, boolean holder) {
        if (holder || access == Access.ALWAYS || (registered && type.registrantsShare())) {
            return true;
        }
        return access == Access.READ && !type.exclusiveAccess();
    }

    /**
     * Whether an SPC-2 reservation held by another nexus lets the command through (SPC-2 5.5.1: the
     * identification and sense commands, RELEASE as a no-op, and RESERVE so that it can conflict).
     */
    static boolean allowedUnderSpc2(ByteBuf cdb) {
        int at = cdb.readerIndex();
        switch (cdb.getUnsignedByte(at)) {
            case ScsiOpcode.INQUIRY:
            case ScsiOpcode.REQUEST_SENSE:
            case ScsiOpcode.REPORT_LUNS:
            case ScsiOpcode.LOG_SENSE:
            case ScsiOpcode.RESERVE_6:
            case ScsiOpcode.RELEASE_6:
            case ScsiOpcode.RESERVE_10:
            case ScsiOpcode.RELEASE_10:
                return true;
            case ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL:
                return (cdb.getUnsignedByte(at + 4) & 0x03) == 0;
            case ScsiOpcode.MAINTENANCE_IN:
                return (cdb.getUnsignedByte(at + 1) & 0x1F) == ScsiOpcode.MI_REPORT_TARGET_PORT_GROUPS;
            default:
                return false;
        }
    }
}
