package io.quiver.iscsi.codec;

import io.netty.buffer.ByteBuf;

/**
 * What the decoder emits instead of a PDU it cannot frame or trust: the reason, the Reject reason code to
 * answer with, whether the connection can continue, and a copy of the offending BHS when one was read.
 * Reference-counted through its BHS; the receiver releases it.
 */
public final class MalformedPdu {

    private final String reason;
    private final int rejectReason;
    private final boolean fatal;
    private final ByteBuf bhs;

    public MalformedPdu(String reason, int rejectReason, boolean fatal, ByteBuf bhs) {
        this.reason = reason;
        this.rejectReason = rejectReason;
        this.fatal = fatal;
        this.bhs = bhs;
    }

    public String reason() {
        return reason;
    }

    /** The Reject reason (RFC 7143, 11.17.1). */
    public int rejectReason() {
        return rejectReason;
    }

    /** Whether framing is lost: the connection must be dropped after the Reject. */
    public boolean isFatal() {
        return fatal;
    }

    /** The offending BHS, or {@code null}. */
    public ByteBuf bhs() {
        return bhs;
    }

    public void release() {
        if (bhs != null) {
            bhs.release();
        }
    }

    @Override
    public String toString() {
        return "malformed PDU: " + reason + (fatal ? " (fatal)" : "");
    }
}
