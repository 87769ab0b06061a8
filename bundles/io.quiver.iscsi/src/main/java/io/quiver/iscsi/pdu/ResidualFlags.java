package io.quiver.iscsi.pdu;

/**
 * The residual bits shared by the SCSI Response and the status-carrying Data-In PDU (RFC 7143, 11.4.5) and a
 * small calculator for them. Immutable.
 */
public final class ResidualFlags {

    /** O: the target wanted to move more than the Expected Data Transfer Length. */
    public static final int OVERFLOW = 0x04;
    /** U: the target moved less than the Expected Data Transfer Length. */
    public static final int UNDERFLOW = 0x02;

    private final int flags;
    private final int count;

    private ResidualFlags(int flags, int count) {
        this.flags = flags;
        this.count = count;
    }

    /**
     * Residuals of a command whose CDB called for {@code transferLength} bytes when the initiator expected
     * {@code expected}.
     */
    public static ResidualFlags of(long expected, long transferLength) {
        if (transferLength > expected) {
            return new ResidualFlags(OVERFLOW, (int) Math.min(0xFFFFFFFFL, transferLength - expected));
        }
        if (transferLength < expected) {
            return new ResidualFlags(UNDERFLOW, (int) (expected - transferLength));
        }
        return new ResidualFlags(0, 0);
    }

    public int flags() {
        return flags;
    }

    /** The Residual Count field. */
    public int count() {
        return count;
    }
}
