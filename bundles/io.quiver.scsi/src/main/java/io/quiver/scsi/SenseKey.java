package io.quiver.scsi;

/**
 * Sense keys (SPC-4, table 28). Immutable; safe on any thread.
 */
public enum SenseKey {
    NO_SENSE(0x0),
    RECOVERED_ERROR(0x1),
    NOT_READY(0x2),
    MEDIUM_ERROR(0x3),
    HARDWARE_ERROR(0x4),
    ILLEGAL_REQUEST(0x5),
    UNIT_ATTENTION(0x6),
    DATA_PROTECT(0x7),
    BLANK_CHECK(0x8),
    VENDOR_SPECIFIC(0x9),
    COPY_ABORTED(0xA),
    ABORTED_COMMAND(0xB),
    VOLUME_OVERFLOW(0xD),
    MISCOMPARE(0xE),
    COMPLETED(0xF);

    private final int code;

    SenseKey(int code) {
        this.code = code;
    }

    /** The four-bit value written in sense data. */
    public int code() {
        return code;
    }

    /**
     * The sense key for a four-bit value.
     *
     * @throws IllegalArgumentException for the reserved value 0xC or a value outside 0..15
     */
    public static SenseKey fromCode(int code) {
        for (SenseKey k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a sense key: 0x" + Integer.toHexString(code));
    }
}
