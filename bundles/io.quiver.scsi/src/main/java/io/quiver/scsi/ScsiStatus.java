package io.quiver.scsi;

/**
 * SCSI status codes (SAM-5, table 42). Immutable; safe on any thread.
 */
public enum ScsiStatus {
    GOOD(0x00),
    CHECK_CONDITION(0x02),
    CONDITION_MET(0x04),
    BUSY(0x08),
    RESERVATION_CONFLICT(0x18),
    TASK_SET_FULL(0x28),
    ACA_ACTIVE(0x30),
    TASK_ABORTED(0x40);

    private static final ScsiStatus[] BY_CODE = new ScsiStatus[256];

    static {
        for (ScsiStatus s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final int code;

    ScsiStatus(int code) {
        this.code = code;
    }

    /** The status byte as it goes on the wire. */
    public int code() {
        return code;
    }

    /**
     * The status for a wire value.
     *
     * @throws IllegalArgumentException for a reserved or obsolete code
     */
    public static ScsiStatus fromCode(int code) {
        ScsiStatus s = (code >= 0 && code < 256) ? BY_CODE[code] : null;
        if (s == null) {
            throw new IllegalArgumentException("not a SAM-5 status: 0x" + Integer.toHexString(code));
        }
        return s;
    }
}
