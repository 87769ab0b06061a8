package io.quiver.transport.iscsi.impl.login;

import io.quiver.iscsi.login.IscsiKey;
import io.quiver.iscsi.login.KeyNegotiator;
import io.quiver.iscsi.login.LoginException;
import io.quiver.iscsi.login.OperationalParameters;
import io.quiver.iscsi.login.TextParameters;
import io.quiver.iscsi.pdu.LoginStatus;
import java.util.EnumMap;
import java.util.Map;

/**
 * The login keys of an iSER connection (RFC 7145, 6): {@code RDMAExtensions} must come out {@code Yes};
 * {@code InitiatorRecvDataSegmentLength} and {@code TargetRecvDataSegmentLength} (declarative, connection
 * scope, 512 to 2^24-1, default 8192; either side may declare either, as in LIO's parameter table) bound the
 * data segment of the control-type PDUs each side SENDs; {@code MaxOutstandingUnexpectedPDUs} (RFC 5046's
 * key, still sent by some initiators) is answered with the smaller value, 0 meaning no limit. Digests are
 * forced to {@code None}: RDMA has its own CRC; MaxOutstandingR2T is at most {@value #MAX_READS_PER_TASK}. Exists only on an iSER connection: on TCP these keys stay
 * {@code NotUnderstood} as before. Made per connection by the iSER wire, used by its
 * {@link LoginNegotiation}; same thread, not thread-safe.
 */
public final class IserKeys {

    static final String INITIATOR_RECV = "InitiatorRecvDataSegmentLength";
    static final String TARGET_RECV = "TargetRecvDataSegmentLength";
    static final String MAX_UNEXPECTED = "MaxOutstandingUnexpectedPDUs";
    private static final int DEFAULT_RECV = 8192;
    private static final int MIN_RECV = 512;
    private static final int MAX_RECV = 16777215;
    /**
     * RDMA READs one task has outstanding at most (its MaxOutstandingR2T): bounds a connection's work requests
     * to about a command window times five, which the portal's send queue holds (see docs/iser.md).
     */
    static final int MAX_READS_PER_TASK = 4;

    private final int targetRecv;
    private final int receiveDepth;
    private int initiatorRecv = DEFAULT_RECV;
    private int initiatorDeclaredTargetRecv = MAX_RECV;
    private long maxUnexpected;

    /**
     * @param targetRecv the data segment this target receives in one SEND (its receive buffers' size less the
     *        iSER header and BHS)
     * @param receiveDepth receive buffers posted per connection: the most unexpected PDUs it can take
     */
    public IserKeys(int targetRecv, int receiveDepth) {
        this.targetRecv = targetRecv;
        this.receiveDepth = receiveDepth;
        this.maxUnexpected = receiveDepth;
    }

    /** The target's values for an iSER login: RDMAExtensions and no digests, over the target's own. */
    static Map<IscsiKey, String> targetValues(Map<IscsiKey, String> configured) {
        Map<IscsiKey, String> values = new EnumMap<>(IscsiKey.class);
        values.putAll(configured);
        values.put(IscsiKey.RDMA_EXTENSIONS, "Yes");
        long r2t = Long.parseLong(values.getOrDefault(IscsiKey.MAX_OUTSTANDING_R2T,
                IscsiKey.MAX_OUTSTANDING_R2T.targetValue()));
        values.put(IscsiKey.MAX_OUTSTANDING_R2T, Long.toString(Math.min(r2t, MAX_READS_PER_TASK)));
        values.put(IscsiKey.HEADER_DIGEST, "None");
        values.put(IscsiKey.DATA_DIGEST, "None");
        return values;
    }

    /** Whether {@code key} is one of iSER's own keys. */
    static boolean handles(String key) {
        return INITIATOR_RECV.equals(key) || TARGET_RECV.equals(key) || MAX_UNEXPECTED.equals(key);
    }

    /** Answers one of iSER's keys ({@link #handles}); declarations get no answer. */
    void key(TextParameters.Pair p, Map<String, String> answer) {
        if (MAX_UNEXPECTED.equals(p.key())) {
            long theirs = KeyNegotiator.parseNumber(p.value());
            if (theirs < 0 || theirs > 0xFFFFFFFFL || (theirs > 0 && theirs < 2)) {
                answer.put(p.key(), KeyNegotiator.REJECT);
                return;
            }
            maxUnexpected = theirs == 0 ? receiveDepth : Math.min(theirs, receiveDepth);
            answer.put(p.key(), Long.toString(maxUnexpected));
            return;
        }
        long v = KeyNegotiator.parseNumber(p.value());
        if (v < MIN_RECV || v > MAX_RECV) {
            answer.put(p.key(), KeyNegotiator.REJECT);
            return;
        }
        if (INITIATOR_RECV.equals(p.key())) {
            initiatorRecv = (int) v;
        } else {
            initiatorDeclaredTargetRecv = (int) v;
        }
    }

    /** The target's declarations, once, with the other operational declarations. */
    void declare(Map<String, String> answer) {
        answer.put(TARGET_RECV, Integer.toString(targetRecv));
    }

    /**
     * Checks the login's outcome before the session opens: an iSER connection without
     * {@code RDMAExtensions=Yes} cannot carry iSCSI (RFC 7145, 5.1.3).
     */
    void check(OperationalParameters params) throws LoginException {
        if (!params.booleanValue(IscsiKey.RDMA_EXTENSIONS)) {
            throw new LoginException(LoginStatus.MISSING_PARAMETER,
                    "RDMAExtensions=Yes is required on an iSER connection");
        }
    }

    /** The most data segment bytes one SEND to the initiator may carry. */
    public int initiatorRecvDataSegmentLength() {
        return initiatorRecv;
    }

    /** The most data segment bytes the initiator may SEND here: ours, or less if it declared less. */
    public int targetRecvDataSegmentLength() {
        return Math.min(targetRecv, initiatorDeclaredTargetRecv);
    }

    /** Unexpected PDUs (commands, immediate data) the initiator may have outstanding. */
    public long maxOutstandingUnexpectedPdus() {
        return maxUnexpected;
    }
}
