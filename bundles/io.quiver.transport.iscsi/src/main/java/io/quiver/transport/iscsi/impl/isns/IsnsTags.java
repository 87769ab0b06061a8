package io.quiver.transport.iscsi.impl.isns;

/**
 * The numbers of iSNSP (RFC 4171) this driver uses: function ids (5.1.3), header flags (5.1.4), attribute
 * tags (6.1) and status codes (5.4). Constants only.
 */
public final class IsnsTags {

    private IsnsTags() {
    }

    /** iSNS's IANA-assigned TCP port. */
    public static final int ISNS_PORT = 3205;

    public static final int DEV_ATTR_REG = 0x0001;
    public static final int DEV_ATTR_QRY = 0x0002;
    public static final int DEV_DEREG = 0x0004;
    public static final int SCN_REG = 0x0005;
    public static final int SCN = 0x0008;
    public static final int ESI = 0x000D;
    /** Set in a response's function id. */
    public static final int RESPONSE = 0x8000;

    public static final int FLAG_CLIENT = 0x8000;
    public static final int FLAG_SERVER = 0x4000;
    public static final int FLAG_REPLACE = 0x1000;
    public static final int FLAG_LAST = 0x0800;
    public static final int FLAG_FIRST = 0x0400;

    public static final int DELIMITER = 0;
    public static final int ENTITY_IDENTIFIER = 1;
    public static final int ENTITY_PROTOCOL = 2;
    public static final int REGISTRATION_PERIOD = 6;
    public static final int PORTAL_IP_ADDRESS = 16;
    public static final int PORTAL_PORT = 17;
    public static final int ESI_INTERVAL = 19;
    public static final int ESI_PORT = 20;
    public static final int SCN_PORT = 23;
    public static final int ISCSI_NAME = 32;
    public static final int ISCSI_NODE_TYPE = 33;
    public static final int ISCSI_ALIAS = 34;
    public static final int ISCSI_SCN_BITMAP = 35;
    public static final int PG_ISCSI_NAME = 48;
    public static final int PG_PORTAL_IP_ADDRESS = 49;
    public static final int PG_PORTAL_PORT = 50;
    public static final int PG_TAG = 51;

    /** Entity Protocol value of iSCSI. */
    public static final int PROTOCOL_ISCSI = 2;
    /** iSCSI Node Type bit of a target. */
    public static final int NODE_TARGET = 1;
    /** SCN bitmap (6.4.4, bit 31 the least significant): object removed (27), added (28), updated (29). */
    public static final int SCN_OBJECT_REMOVED = 1 << 4;
    public static final int SCN_OBJECT_ADDED = 1 << 3;
    public static final int SCN_OBJECT_UPDATED = 1 << 2;

    public static final int SUCCESS = 0;
    public static final int SOURCE_UNKNOWN = 6;
    public static final int NO_SUCH_ENTRY = 9;

    /** The status's name as RFC 4171 table 11 gives it, for logs. */
    public static String statusName(int status) {
        return switch (status) {
            case 0 -> "Successful";
            case 1 -> "Unknown Error";
            case 2 -> "Message Format Error";
            case 3 -> "Invalid Registration";
            case 5 -> "Invalid Query";
            case 6 -> "Source Unknown";
            case 7 -> "Source Absent";
            case 8 -> "Source Unauthorized";
            case 9 -> "No Such Entry";
            case 10 -> "Version Not Supported";
            case 11 -> "Internal Error";
            case 12 -> "Busy";
            case 13 -> "Option Not Understood";
            case 14 -> "Invalid Update";
            case 15 -> "Message (FUNCTION_ID) Not Supported";
            case 16 -> "SCN Event Rejected";
            case 17 -> "SCN Registration Rejected";
            case 18 -> "Attribute Not Implemented";
            case 19 -> "FC_DOMAIN_ID Not Available";
            case 20 -> "FC_DOMAIN_ID Not Allocated";
            case 21 -> "ESI Not Available";
            case 22 -> "Invalid Deregistration";
            case 23 -> "Registration Feature Not Supported";
            default -> "status " + status;
        };
    }
}
