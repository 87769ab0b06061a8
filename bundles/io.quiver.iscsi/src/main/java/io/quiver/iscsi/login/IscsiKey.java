package io.quiver.iscsi.login;

import java.util.HashMap;
import java.util.Map;

/**
 * The negotiation table: every text key of RFC 7143 (section 13), RFC 7144 ({@code iSCSIProtocolLevel}) and
 * RFC 7145's {@code RDMAExtensions}, with its type, range, RFC default, scope, the stages it may appear in,
 * and what Quiver (as target and acceptor) supports. Immutable.
 */
public enum IscsiKey {
    // Security keys (only in SecurityNegotiation).
    AUTH_METHOD("AuthMethod", KeyType.LIST, "None", Phase.SECURITY, "CHAP,None"),
    CHAP_A("CHAP_A", KeyType.SPECIAL, null, Phase.SECURITY, null),
    CHAP_I("CHAP_I", KeyType.SPECIAL, null, Phase.SECURITY, null),
    CHAP_C("CHAP_C", KeyType.SPECIAL, null, Phase.SECURITY, null),
    CHAP_N("CHAP_N", KeyType.SPECIAL, null, Phase.SECURITY, null),
    CHAP_R("CHAP_R", KeyType.SPECIAL, null, Phase.SECURITY, null),
    // Names and addresses.
    INITIATOR_NAME("InitiatorName", KeyType.DECLARATIVE, null, Phase.LEADING_LOGIN, null),
    TARGET_NAME("TargetName", KeyType.DECLARATIVE, null, Phase.LEADING_LOGIN, null),
    SESSION_TYPE("SessionType", KeyType.DECLARATIVE, "Normal", Phase.LEADING_LOGIN, null),
    INITIATOR_ALIAS("InitiatorAlias", KeyType.DECLARATIVE, null, Phase.ANY_LOGIN, null),
    TARGET_ALIAS("TargetAlias", KeyType.DECLARATIVE, null, Phase.ANY_LOGIN, null),
    TARGET_ADDRESS("TargetAddress", KeyType.DECLARATIVE, null, Phase.ANY_LOGIN, null),
    TARGET_PORTAL_GROUP_TAG("TargetPortalGroupTag", KeyType.DECLARATIVE, null, Phase.ANY_LOGIN, null),
    SEND_TARGETS("SendTargets", KeyType.SPECIAL, null, Phase.FULL_FEATURE, null),
    // Operational keys, connection scope.
    HEADER_DIGEST("HeaderDigest", KeyType.LIST, "None", Phase.OPERATIONAL, "CRC32C,None"),
    DATA_DIGEST("DataDigest", KeyType.LIST, "None", Phase.OPERATIONAL, "CRC32C,None"),
    MAX_RECV_DATA_SEGMENT_LENGTH("MaxRecvDataSegmentLength", KeyType.DECLARATIVE, "8192", Phase.OPERATIONAL, null, 512, 16777215),
    OF_MARKER("OFMarker", KeyType.BOOLEAN_AND, "No", Phase.OPERATIONAL, "No"),
    IF_MARKER("IFMarker", KeyType.BOOLEAN_AND, "No", Phase.OPERATIONAL, "No"),
    OF_MARK_INT("OFMarkInt", KeyType.SPECIAL, "2048", Phase.OPERATIONAL, null),
    IF_MARK_INT("IFMarkInt", KeyType.SPECIAL, "2048", Phase.OPERATIONAL, null),
    // Operational keys, session scope (leading login only).
    MAX_CONNECTIONS("MaxConnections", KeyType.NUMERIC_MIN, "1", Phase.LEADING_OPERATIONAL, "1", 1, 65535),
    INITIAL_R2T("InitialR2T", KeyType.BOOLEAN_OR, "Yes", Phase.LEADING_OPERATIONAL, "No"),
    IMMEDIATE_DATA("ImmediateData", KeyType.BOOLEAN_AND, "Yes", Phase.LEADING_OPERATIONAL, "Yes"),
    MAX_BURST_LENGTH("MaxBurstLength", KeyType.NUMERIC_MIN, "262144", Phase.LEADING_OPERATIONAL, "1048576", 512, 16777215),
    FIRST_BURST_LENGTH("FirstBurstLength", KeyType.NUMERIC_MIN, "65536", Phase.LEADING_OPERATIONAL, "65536", 512, 16777215),
    DEFAULT_TIME2WAIT("DefaultTime2Wait", KeyType.NUMERIC_MAX, "2", Phase.LEADING_OPERATIONAL, "2", 0, 3600),
    DEFAULT_TIME2RETAIN("DefaultTime2Retain", KeyType.NUMERIC_MIN, "20", Phase.LEADING_OPERATIONAL, "0", 0, 3600),
    MAX_OUTSTANDING_R2T("MaxOutstandingR2T", KeyType.NUMERIC_MIN, "1", Phase.LEADING_OPERATIONAL, "32", 1, 65535),
    DATA_PDU_IN_ORDER("DataPDUInOrder", KeyType.BOOLEAN_OR, "Yes", Phase.LEADING_OPERATIONAL, "Yes"),
    DATA_SEQUENCE_IN_ORDER("DataSequenceInOrder", KeyType.BOOLEAN_OR, "Yes", Phase.LEADING_OPERATIONAL, "Yes"),
    ERROR_RECOVERY_LEVEL("ErrorRecoveryLevel", KeyType.NUMERIC_MIN, "0", Phase.LEADING_OPERATIONAL, "0", 0, 2),
    ISCSI_PROTOCOL_LEVEL("iSCSIProtocolLevel", KeyType.NUMERIC_MIN, "0", Phase.LEADING_OPERATIONAL, "1", 0, 31),
    TASK_REPORTING("TaskReporting", KeyType.LIST, "RFC3720", Phase.LEADING_OPERATIONAL, "RFC3720"),
    RDMA_EXTENSIONS("RDMAExtensions", KeyType.BOOLEAN_AND, "No", Phase.LEADING_OPERATIONAL, "No");

    /** Where a key may appear. */
    public enum Phase {
        SECURITY, LEADING_LOGIN, ANY_LOGIN, OPERATIONAL, LEADING_OPERATIONAL, FULL_FEATURE
    }

    private static final Map<String, IscsiKey> BY_NAME = new HashMap<>();

    static {
        for (IscsiKey k : values()) {
            BY_NAME.put(k.keyName, k);
        }
    }

    private final String keyName;
    private final KeyType type;
    private final String rfcDefault;
    private final Phase phase;
    private final String targetValue;
    private final long min;
    private final long max;

    IscsiKey(String keyName, KeyType type, String rfcDefault, Phase phase, String targetValue) {
        this(keyName, type, rfcDefault, phase, targetValue, 0, 0);
    }

    IscsiKey(String keyName, KeyType type, String rfcDefault, Phase phase, String targetValue, long min, long max) {
        this.keyName = keyName;
        this.type = type;
        this.rfcDefault = rfcDefault;
        this.phase = phase;
        this.targetValue = targetValue;
        this.min = min;
        this.max = max;
    }

    /** The key for a wire name (case-sensitive, as RFC 7143 requires), or {@code null} if not understood. */
    public static IscsiKey of(String name) {
        return BY_NAME.get(name);
    }

    public String keyName() {
        return keyName;
    }

    public KeyType type() {
        return type;
    }

    /** The value in force when the key is not negotiated (RFC 7143 section 13), or {@code null}. */
    public String rfcDefault() {
        return rfcDefault;
    }

    public Phase phase() {
        return phase;
    }

    /** Quiver's own value as acceptor when nothing is configured: a list, a boolean or a number. */
    public String targetValue() {
        return targetValue;
    }

    /** Smallest legal numeric value. */
    public long min() {
        return min;
    }

    /** Largest legal numeric value. */
    public long max() {
        return max;
    }

    /** Whether the key belongs to the session and may only appear in the leading login. */
    public boolean isSessionWide() {
        return phase == Phase.LEADING_OPERATIONAL || phase == Phase.LEADING_LOGIN;
    }
}
