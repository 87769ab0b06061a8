package io.quiver.transport.srp.iu;

/**
 * RSP_CODE values of an SRP_RSP's response data (SRP r16a 6.9, table 24; ib_srpt's
 * {@code SRP_TSK_MGMT_*}): the outcome of a task management function or the rejection of a request's
 * fields. Immutable.
 */
public enum SrpResponseCode {
    /** 00h: no failure, or the task management function completed. */
    COMPLETE(0x00),
    /** 02h: request fields invalid (a field of SRP_CMD or SRP_TSK_MGMT). */
    INVALID_FIELDS(0x02),
    /** 04h: task management function not supported. */
    FUNCTION_NOT_SUPPORTED(0x04),
    /** 05h: task management function failed. */
    FUNCTION_FAILED(0x05);

    private final int code;

    SrpResponseCode(int code) {
        this.code = code;
    }

    /** The byte written at offset 3 of the 4-byte response data. */
    public int code() {
        return code;
    }

    /** The code with that value, or {@code null} for a reserved one. */
    public static SrpResponseCode fromCode(int code) {
        for (SrpResponseCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
