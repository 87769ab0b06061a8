package io.quiver.transport.srp.iu;

/**
 * SRP constants: information unit type codes, fixed IU sizes and buffer format bits, as in SRP r16a and
 * Linux's {@code include/scsi/srp.h}. Not instantiable.
 */
public final class Srp {

    /** SRP_LOGIN_REQ, initiator to target (sent over the CM, not as a SEND). */
    public static final int LOGIN_REQ = 0x00;
    /** SRP_TSK_MGMT, initiator request. */
    public static final int TSK_MGMT = 0x01;
    /** SRP_CMD, initiator request. */
    public static final int CMD = 0x02;
    /** SRP_I_LOGOUT, initiator request. */
    public static final int I_LOGOUT = 0x03;
    /** SRP_LOGIN_RSP, target response. */
    public static final int LOGIN_RSP = 0xC0;
    /** SRP_RSP, target response. */
    public static final int RSP = 0xC1;
    /** SRP_LOGIN_REJ, target response. */
    public static final int LOGIN_REJ = 0xC2;
    /** SRP_T_LOGOUT, target request. */
    public static final int T_LOGOUT = 0x80;
    /** SRP_CRED_REQ, target request. */
    public static final int CRED_REQ = 0x81;
    /** SRP_AER_REQ, target request. */
    public static final int AER_REQ = 0x82;
    /** SRP_CRED_RSP, initiator response. */
    public static final int CRED_RSP = 0x41;
    /** SRP_AER_RSP, initiator response. */
    public static final int AER_RSP = 0x42;

    /** Bytes of SRP_LOGIN_REQ as an IU. */
    public static final int LOGIN_REQ_LENGTH = 64;
    /** Bytes of SRP_LOGIN_REQ in RDMA CM private data (Linux's {@code struct srp_login_req_rdma}). */
    public static final int LOGIN_REQ_RDMA_CM_LENGTH = 56;
    /** Bytes of SRP_LOGIN_RSP. */
    public static final int LOGIN_RSP_LENGTH = 52;
    /** Bytes of SRP_LOGIN_REJ. */
    public static final int LOGIN_REJ_LENGTH = 32;
    /** Bytes of SRP_I_LOGOUT, SRP_T_LOGOUT, SRP_CRED_REQ, SRP_CRED_RSP and SRP_AER_RSP. */
    public static final int SHORT_IU_LENGTH = 16;
    /** Bytes of SRP_TSK_MGMT. */
    public static final int TSK_MGMT_LENGTH = 48;
    /** Bytes of SRP_CMD without additional CDB and descriptors. */
    public static final int CMD_LENGTH = 48;
    /** Bytes of SRP_RSP without sense and response data. */
    public static final int RSP_LENGTH = 36;
    /** Bytes of SRP_AER_REQ without sense data. */
    public static final int AER_REQ_LENGTH = 36;
    /** Bytes of a direct data buffer descriptor. */
    public static final int DIRECT_DESCRIPTOR_LENGTH = 16;
    /** Bytes of an indirect data buffer descriptor before its partial memory descriptor list. */
    public static final int INDIRECT_HEADER_LENGTH = 20;
    /** Bytes of an immediate data buffer descriptor (SRP-2). */
    public static final int IMMEDIATE_DESCRIPTOR_LENGTH = 4;
    /** Where Linux's ib_srp puts immediate data: 48 + 16 bytes of additional CDB + 4. */
    public static final int LINUX_IMMEDIATE_DATA_OFFSET = 68;
    /** The smallest maximum initiator-to-target IU length a login may ask for (SRP r16a). */
    public static final int MIN_IT_IU_LENGTH = 64;

    /** REQUIRED/SUPPORTED BUFFER FORMATS bit: direct data buffer descriptors. */
    public static final int BUFFER_FORMAT_DIRECT = 1 << 1;
    /** REQUIRED/SUPPORTED BUFFER FORMATS bit: indirect data buffer descriptors. */
    public static final int BUFFER_FORMAT_INDIRECT = 1 << 2;

    /** SRP_LOGIN_REQ flags: MULTI-CHANNEL ACTION field mask (bits 1:0). */
    public static final int MULTICHANNEL_ACTION_MASK = 0x03;
    /** MULTI-CHANNEL ACTION 00b: terminate the nexus' other channels. */
    public static final int MULTICHANNEL_SINGLE = 0;
    /** MULTI-CHANNEL ACTION 01b: keep them. */
    public static final int MULTICHANNEL_MULTI = 1;
    /** SRP_LOGIN_REQ flags (SRP-2): immediate data requested. */
    public static final int IMMEDIATE_REQUESTED = 0x80;

    /** SRP_LOGIN_RSP flags: MULTI-CHANNEL RESULT 00b, no channel of this nexus existed. */
    public static final int LOGIN_RSP_NO_CHANNEL = 0;
    /** MULTI-CHANNEL RESULT 01b: existing channels were terminated. */
    public static final int LOGIN_RSP_TERMINATED = 1;
    /** MULTI-CHANNEL RESULT 10b: existing channels were maintained. */
    public static final int LOGIN_RSP_MAINTAINED = 2;
    /** SRP_LOGIN_RSP flags (SRP-2): immediate data supported. */
    public static final int LOGIN_RSP_IMMEDIATE_SUPPORTED = 0x80;

    /** Solicited notification bits of SRP_RSP and target requests: SOLNT (bit 0) only on Linux. */
    public static final int SOLICITED_NOTIFICATION = 0x01;

    private Srp() {
    }
}
