package io.quiver.transport.srp.iu;

/**
 * The REASON codes of SRP_T_LOGOUT this implementation sends or understands (SRP r16a 6.6, table 17).
 * Immutable.
 */
public enum TargetLogoutReason {
    /** 0000_0000h: no reason specified (also: the initiator overran its request limit). */
    NO_REASON(0),
    /** 0000_0001h: inactive RDMA channel. */
    INACTIVE_CHANNEL(1),
    /** 0000_0002h: invalid information unit type code received by the target port. */
    INVALID_IU_TYPE(2),
    /** 0000_0003h: the initiator port sent a response with no corresponding request. */
    UNEXPECTED_RESPONSE(3),
    /** 0000_0004h: disconnected because of a MULTI-CHANNEL ACTION of another login (SINGLE). */
    MULTICHANNEL_ACTION(4);

    private final int code;

    TargetLogoutReason(int code) {
        this.code = code;
    }

    /** The 32-bit REASON value. */
    public int code() {
        return code;
    }

    /** The reason with that code, or {@code null} for one this implementation does not name. */
    public static TargetLogoutReason fromCode(int code) {
        for (TargetLogoutReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }
}
