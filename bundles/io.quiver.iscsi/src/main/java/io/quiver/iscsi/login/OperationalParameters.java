package io.quiver.iscsi.login;

import java.util.EnumMap;
import java.util.Map;

/**
 * The values in force for one session and connection: RFC defaults until a negotiation or declaration
 * replaces them. Also remembers which keys the initiator sent in this login, to catch a key sent twice.
 * Written by the login on its event loop, read-only afterwards; not thread-safe.
 */
public final class OperationalParameters {

    private final Map<IscsiKey, String> values = new EnumMap<>(IscsiKey.class);
    private final Map<IscsiKey, Boolean> received = new EnumMap<>(IscsiKey.class);
    private int targetMaxRecvDataSegmentLength = 8192;

    public OperationalParameters() {
        for (IscsiKey k : IscsiKey.values()) {
            if (k.rfcDefault() != null) {
                values.put(k, k.rfcDefault());
            }
        }
    }

    public String get(IscsiKey key) {
        return values.get(key);
    }

    void put(IscsiKey key, String value) {
        values.put(key, value);
    }

    /** Records that the initiator sent {@code key}; {@code false} if it had already. */
    boolean markReceived(IscsiKey key) {
        return received.put(key, Boolean.TRUE) == null;
    }

    public int intValue(IscsiKey key) {
        return Integer.parseInt(values.get(key));
    }

    public boolean booleanValue(IscsiKey key) {
        return "Yes".equals(values.get(key));
    }

    public boolean headerDigest() {
        return "CRC32C".equals(values.get(IscsiKey.HEADER_DIGEST));
    }

    public boolean dataDigest() {
        return "CRC32C".equals(values.get(IscsiKey.DATA_DIGEST));
    }

    /** The largest data segment the initiator accepts: what the target may send in one PDU. */
    public int initiatorMaxRecvDataSegmentLength() {
        return intValue(IscsiKey.MAX_RECV_DATA_SEGMENT_LENGTH);
    }

    /** The largest data segment the target declared it accepts. */
    public int targetMaxRecvDataSegmentLength() {
        return targetMaxRecvDataSegmentLength;
    }

    /** Records the MaxRecvDataSegmentLength the target declared. */
    public void setTargetMaxRecvDataSegmentLength(int length) {
        targetMaxRecvDataSegmentLength = length;
    }

    public int maxBurstLength() {
        return intValue(IscsiKey.MAX_BURST_LENGTH);
    }

    /** FirstBurstLength, never more than MaxBurstLength (RFC 7143, 13.14). */
    public int firstBurstLength() {
        return Math.min(intValue(IscsiKey.FIRST_BURST_LENGTH), maxBurstLength());
    }

    public boolean initialR2T() {
        return booleanValue(IscsiKey.INITIAL_R2T);
    }

    public boolean immediateData() {
        return booleanValue(IscsiKey.IMMEDIATE_DATA);
    }

    public int maxOutstandingR2T() {
        return intValue(IscsiKey.MAX_OUTSTANDING_R2T);
    }

    public int defaultTime2Wait() {
        return intValue(IscsiKey.DEFAULT_TIME2WAIT);
    }

    public int defaultTime2Retain() {
        return intValue(IscsiKey.DEFAULT_TIME2RETAIN);
    }

    /** The negotiated values, for the management views. */
    public Map<String, String> toMap() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.type() != KeyType.SPECIAL && k.phase() != IscsiKey.Phase.SECURITY) {
                m.put(k.keyName(), v);
            }
        });
        m.put("TargetMaxRecvDataSegmentLength", Integer.toString(targetMaxRecvDataSegmentLength));
        return m;
    }
}
