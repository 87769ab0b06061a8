package io.quiver.transport.srp.iu;

/**
 * The REASON codes of SRP_LOGIN_REJ (SRP r16a 6.4, table 14; Linux's {@code enum srp_login_rej_reason}).
 * Immutable.
 */
public enum LoginRejectReason {
    /** 0001_0000h: unable to establish the RDMA channel, no specific reason (also: unknown target port). */
    UNABLE_TO_ESTABLISH_CHANNEL(0x00010000),
    /** 0001_0001h: insufficient RDMA channel resources. */
    INSUFFICIENT_RESOURCES(0x00010001),
    /** 0001_0002h: the requested maximum initiator-to-target IU length is too large (or below 64). */
    REQUESTED_IT_IU_LENGTH_TOO_LARGE(0x00010002),
    /** 0001_0003h: unable to associate the RDMA channel with the I_T nexus. */
    UNABLE_TO_ASSOCIATE_CHANNEL(0x00010003),
    /** 0001_0004h: one or more required data buffer descriptor formats are not supported. */
    UNSUPPORTED_DESCRIPTOR_FORMAT(0x00010004),
    /** 0001_0005h: the target port does not support multiple RDMA channels per I_T nexus. */
    MULTICHANNEL_UNSUPPORTED(0x00010005),
    /** 0001_0006h: the I_T nexus already has the most RDMA channels the target port allows. */
    CHANNEL_LIMIT_REACHED(0x00010006);

    private final int code;

    LoginRejectReason(int code) {
        this.code = code;
    }

    /** The 32-bit REASON value. */
    public int code() {
        return code;
    }

    /**
     * The reason with that code.
     *
     * @throws IllegalArgumentException for a code SRP r16a does not define
     */
    public static LoginRejectReason fromCode(int code) {
        for (LoginRejectReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("reserved SRP_LOGIN_REJ reason 0x" + Integer.toHexString(code));
    }
}
