package io.quiver.iscsi.pdu;

/**
 * iSCSI PDU opcodes (RFC 7143, 11.2.1.2): the low six bits of BHS byte 0. Immutable; safe on any thread.
 */
public enum Opcode {
    NOP_OUT(0x00, true),
    SCSI_COMMAND(0x01, true),
    TASK_MANAGEMENT_REQUEST(0x02, true),
    LOGIN_REQUEST(0x03, true),
    TEXT_REQUEST(0x04, true),
    SCSI_DATA_OUT(0x05, true),
    LOGOUT_REQUEST(0x06, true),
    SNACK_REQUEST(0x10, true),
    NOP_IN(0x20, false),
    SCSI_RESPONSE(0x21, false),
    TASK_MANAGEMENT_RESPONSE(0x22, false),
    LOGIN_RESPONSE(0x23, false),
    TEXT_RESPONSE(0x24, false),
    SCSI_DATA_IN(0x25, false),
    LOGOUT_RESPONSE(0x26, false),
    READY_TO_TRANSFER(0x31, false),
    ASYNCHRONOUS_MESSAGE(0x32, false),
    REJECT(0x3F, false);

    private static final Opcode[] BY_CODE = new Opcode[64];

    static {
        for (Opcode o : values()) {
            BY_CODE[o.code] = o;
        }
    }

    private final int code;
    private final boolean initiator;

    Opcode(int code, boolean initiator) {
        this.code = code;
        this.initiator = initiator;
    }

    /** The six-bit wire value. */
    public int code() {
        return code;
    }

    /** Whether initiators send this opcode (otherwise targets do). */
    public boolean isInitiatorOpcode() {
        return initiator;
    }

    /** The opcode for a six-bit value, or {@code null} for a reserved or vendor-specific one. */
    public static Opcode of(int code) {
        return BY_CODE[code & 0x3F];
    }
}
