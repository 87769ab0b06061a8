package io.quiver.initiator.iscsi.impl;

/**
 * The session's sequence numbers as the initiator keeps them (RFC 7143, 4.2.2): CmdSN and the target's
 * window [ExpCmdSN, MaxCmdSN], and ExpStatSN. Serial number arithmetic (RFC 1982) throughout. Event loop
 * only; not thread-safe.
 */
final class SequenceNumbers {

    /** The MaxRecvDataSegmentLength this initiator declares. */
    static final int MAX_RECV_DATA_SEGMENT_LENGTH = 262144;

    private int cmdSn = 1;
    private int maxCmdSn = 1;
    private int expStatSn;

    int cmdSn() {
        return cmdSn;
    }

    int expStatSn() {
        return expStatSn;
    }

    /** Takes a CmdSN for a non-immediate command. */
    int nextCmdSn() {
        return cmdSn++;
    }

    /** Whether the target's window admits one more non-immediate command. */
    boolean windowOpen() {
        return cmdSn - maxCmdSn <= 0;
    }

    /** A response with StatSN {@code statSn} arrived. */
    void statusReceived(int statSn) {
        if (statSn - expStatSn >= 0) {
            expStatSn = statSn + 1;
        }
    }

    /** ExpCmdSN and MaxCmdSN from a target PDU; ignored when not a valid window (MaxCmdSN < ExpCmdSN - 1). */
    void window(int expCmdSn, int newMaxCmdSn) {
        if (newMaxCmdSn - (expCmdSn - 1) >= 0 && newMaxCmdSn - maxCmdSn > 0) {
            maxCmdSn = newMaxCmdSn;
        }
    }
}
