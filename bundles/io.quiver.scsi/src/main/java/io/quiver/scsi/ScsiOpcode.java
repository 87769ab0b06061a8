package io.quiver.scsi;

/**
 * SCSI operation codes (byte 0 of a CDB) from SPC-4, SBC-3 and MMC-6, with the service actions of the
 * multiplexed ones. Constants only.
 */
public final class ScsiOpcode {

    public static final int TEST_UNIT_READY = 0x00;
    public static final int REZERO_UNIT = 0x01;
    public static final int REQUEST_SENSE = 0x03;
    public static final int FORMAT_UNIT = 0x04;
    public static final int READ_6 = 0x08;
    public static final int WRITE_6 = 0x0A;
    public static final int SEEK_6 = 0x0B;
    public static final int INQUIRY = 0x12;
    public static final int MODE_SELECT_6 = 0x15;
    public static final int RESERVE_6 = 0x16;
    public static final int RELEASE_6 = 0x17;
    public static final int MODE_SENSE_6 = 0x1A;
    public static final int START_STOP_UNIT = 0x1B;
    public static final int RECEIVE_DIAGNOSTIC_RESULTS = 0x1C;
    public static final int SEND_DIAGNOSTIC = 0x1D;
    public static final int PREVENT_ALLOW_MEDIUM_REMOVAL = 0x1E;
    public static final int READ_FORMAT_CAPACITIES = 0x23;
    public static final int READ_CAPACITY_10 = 0x25;
    public static final int READ_10 = 0x28;
    public static final int WRITE_10 = 0x2A;
    public static final int SEEK_10 = 0x2B;
    public static final int WRITE_AND_VERIFY_10 = 0x2E;
    public static final int VERIFY_10 = 0x2F;
    public static final int PRE_FETCH_10 = 0x34;
    public static final int SYNCHRONIZE_CACHE_10 = 0x35;
    public static final int READ_DEFECT_DATA_10 = 0x37;
    public static final int WRITE_BUFFER = 0x3B;
    public static final int READ_BUFFER = 0x3C;
    public static final int WRITE_SAME_10 = 0x41;
    public static final int UNMAP = 0x42;
    public static final int READ_TOC_PMA_ATIP = 0x43;
    public static final int GET_CONFIGURATION = 0x46;
    public static final int SANITIZE = 0x48;
    public static final int GET_EVENT_STATUS_NOTIFICATION = 0x4A;
    public static final int LOG_SELECT = 0x4C;
    public static final int LOG_SENSE = 0x4D;
    public static final int READ_DISC_INFORMATION = 0x51;
    public static final int READ_TRACK_INFORMATION = 0x52;
    public static final int MODE_SELECT_10 = 0x55;
    public static final int RESERVE_10 = 0x56;
    public static final int RELEASE_10 = 0x57;
    public static final int MODE_SENSE_10 = 0x5A;
    public static final int PERSISTENT_RESERVE_IN = 0x5E;
    public static final int PERSISTENT_RESERVE_OUT = 0x5F;
    public static final int VARIABLE_LENGTH = 0x7F;
    public static final int EXTENDED_COPY = 0x83;
    public static final int RECEIVE_COPY_RESULTS = 0x84;
    public static final int ATA_PASS_THROUGH_16 = 0x85;
    public static final int READ_16 = 0x88;
    public static final int COMPARE_AND_WRITE = 0x89;
    public static final int WRITE_16 = 0x8A;
    public static final int ORWRITE_16 = 0x8B;
    public static final int WRITE_AND_VERIFY_16 = 0x8E;
    public static final int VERIFY_16 = 0x8F;
    public static final int PRE_FETCH_16 = 0x90;
    public static final int SYNCHRONIZE_CACHE_16 = 0x91;
    public static final int WRITE_SAME_16 = 0x93;
    /** WRITE ATOMIC (16) (SBC-4 5.48). */
    public static final int WRITE_ATOMIC_16 = 0x9C;
    public static final int SERVICE_ACTION_IN_16 = 0x9E;
    public static final int SERVICE_ACTION_OUT_16 = 0x9F;
    public static final int REPORT_LUNS = 0xA0;
    public static final int ATA_PASS_THROUGH_12 = 0xA1;
    public static final int SECURITY_PROTOCOL_IN = 0xA2;
    public static final int MAINTENANCE_IN = 0xA3;
    public static final int MAINTENANCE_OUT = 0xA4;
    public static final int MOVE_MEDIUM = 0xA5;
    public static final int READ_12 = 0xA8;
    public static final int WRITE_12 = 0xAA;
    public static final int SERVICE_ACTION_IN_12 = 0xAB;
    public static final int WRITE_AND_VERIFY_12 = 0xAE;
    public static final int VERIFY_12 = 0xAF;
    public static final int READ_DEFECT_DATA_12 = 0xB7;
    public static final int MECHANISM_STATUS = 0xBD;
    public static final int READ_CD = 0xBE;

    /** SERVICE ACTION IN (16) service actions (SBC-3). */
    public static final int SAI_READ_CAPACITY_16 = 0x10;
    public static final int SAI_GET_LBA_STATUS = 0x12;
    /** MAINTENANCE IN service actions (SPC-4). */
    public static final int MI_REPORT_TARGET_PORT_GROUPS = 0x0A;
    public static final int MI_REPORT_SUPPORTED_OPERATION_CODES = 0x0C;
    public static final int MI_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS = 0x0D;
    public static final int MI_REPORT_TIMESTAMP = 0x0F;
    /** MAINTENANCE OUT service actions (SPC-4). */
    public static final int MO_SET_TARGET_PORT_GROUPS = 0x0A;
    /** RECEIVE COPY RESULTS service actions (SPC-4). */
    public static final int RCR_COPY_STATUS = 0x00;
    public static final int RCR_RECEIVE_DATA = 0x01;
    public static final int RCR_OPERATING_PARAMETERS = 0x03;
    public static final int RCR_FAILED_SEGMENT_DETAILS = 0x04;
    /** VARIABLE LENGTH (7Fh) service actions (SBC-3). */
    public static final int VL_WRITE_SAME_32 = 0x000D;
    public static final int VL_READ_32 = 0x0009;
    public static final int VL_VERIFY_32 = 0x000A;
    public static final int VL_WRITE_32 = 0x000B;
    public static final int VL_WRITE_AND_VERIFY_32 = 0x000C;

    private ScsiOpcode() {
    }

    /** The T10 name of an operation code, for logs and statistics ("READ 10"); hex for unknown ones. */
    public static String name(int opcode) {
        switch (opcode & 0xFF) {
            case TEST_UNIT_READY: return "TEST UNIT READY";
            case REZERO_UNIT: return "REZERO UNIT";
            case REQUEST_SENSE: return "REQUEST SENSE";
            case FORMAT_UNIT: return "FORMAT UNIT";
            case READ_6: return "READ 6";
            case WRITE_6: return "WRITE 6";
            case SEEK_6: return "SEEK 6";
            case INQUIRY: return "INQUIRY";
            case MODE_SELECT_6: return "MODE SELECT 6";
            case RESERVE_6: return "RESERVE 6";
            case RELEASE_6: return "RELEASE 6";
            case MODE_SENSE_6: return "MODE SENSE 6";
            case START_STOP_UNIT: return "START STOP UNIT";
            case RECEIVE_DIAGNOSTIC_RESULTS: return "RECEIVE DIAGNOSTIC RESULTS";
            case SEND_DIAGNOSTIC: return "SEND DIAGNOSTIC";
            case PREVENT_ALLOW_MEDIUM_REMOVAL: return "PREVENT ALLOW MEDIUM REMOVAL";
            case READ_FORMAT_CAPACITIES: return "READ FORMAT CAPACITIES";
            case READ_CAPACITY_10: return "READ CAPACITY 10";
            case READ_10: return "READ 10";
            case WRITE_10: return "WRITE 10";
            case SEEK_10: return "SEEK 10";
            case WRITE_AND_VERIFY_10: return "WRITE AND VERIFY 10";
            case VERIFY_10: return "VERIFY 10";
            case PRE_FETCH_10: return "PRE FETCH 10";
            case SYNCHRONIZE_CACHE_10: return "SYNCHRONIZE CACHE 10";
            case READ_DEFECT_DATA_10: return "READ DEFECT DATA 10";
            case WRITE_BUFFER: return "WRITE BUFFER";
            case READ_BUFFER: return "READ BUFFER";
            case WRITE_SAME_10: return "WRITE SAME 10";
            case UNMAP: return "UNMAP";
            case READ_TOC_PMA_ATIP: return "READ TOC PMA ATIP";
            case GET_CONFIGURATION: return "GET CONFIGURATION";
            case SANITIZE: return "SANITIZE";
            case GET_EVENT_STATUS_NOTIFICATION: return "GET EVENT STATUS NOTIFICATION";
            case LOG_SELECT: return "LOG SELECT";
            case LOG_SENSE: return "LOG SENSE";
            case READ_DISC_INFORMATION: return "READ DISC INFORMATION";
            case READ_TRACK_INFORMATION: return "READ TRACK INFORMATION";
            case MODE_SELECT_10: return "MODE SELECT 10";
            case RESERVE_10: return "RESERVE 10";
            case RELEASE_10: return "RELEASE 10";
            case MODE_SENSE_10: return "MODE SENSE 10";
            case PERSISTENT_RESERVE_IN: return "PERSISTENT RESERVE IN";
            case PERSISTENT_RESERVE_OUT: return "PERSISTENT RESERVE OUT";
            case VARIABLE_LENGTH: return "VARIABLE LENGTH";
            case EXTENDED_COPY: return "EXTENDED COPY";
            case RECEIVE_COPY_RESULTS: return "RECEIVE COPY RESULTS";
            case ATA_PASS_THROUGH_16: return "ATA PASS THROUGH 16";
            case READ_16: return "READ 16";
            case COMPARE_AND_WRITE: return "COMPARE AND WRITE";
            case WRITE_16: return "WRITE 16";
            case ORWRITE_16: return "ORWRITE 16";
            case WRITE_AND_VERIFY_16: return "WRITE AND VERIFY 16";
            case VERIFY_16: return "VERIFY 16";
            case PRE_FETCH_16: return "PRE FETCH 16";
            case SYNCHRONIZE_CACHE_16: return "SYNCHRONIZE CACHE 16";
            case WRITE_SAME_16: return "WRITE SAME 16";
            case WRITE_ATOMIC_16: return "WRITE ATOMIC 16";
            case SERVICE_ACTION_IN_16: return "SERVICE ACTION IN 16";
            case SERVICE_ACTION_OUT_16: return "SERVICE ACTION OUT 16";
            case REPORT_LUNS: return "REPORT LUNS";
            case ATA_PASS_THROUGH_12: return "ATA PASS THROUGH 12";
            case SECURITY_PROTOCOL_IN: return "SECURITY PROTOCOL IN";
            case MAINTENANCE_IN: return "MAINTENANCE IN";
            case MAINTENANCE_OUT: return "MAINTENANCE OUT";
            case MOVE_MEDIUM: return "MOVE MEDIUM";
            case READ_12: return "READ 12";
            case WRITE_12: return "WRITE 12";
            case SERVICE_ACTION_IN_12: return "SERVICE ACTION IN 12";
            case WRITE_AND_VERIFY_12: return "WRITE AND VERIFY 12";
            case VERIFY_12: return "VERIFY 12";
            case READ_DEFECT_DATA_12: return "READ DEFECT DATA 12";
            case MECHANISM_STATUS: return "MECHANISM STATUS";
            case READ_CD: return "READ CD";
            default: return String.format("OPCODE 0x%02X", opcode & 0xFF);
        }
    }
}
