package io.quiver.transport.fcoe.impl.frame;

/**
 * F_CTL bits (FC-FS-3 table 37) as this target sets and reads them. Constants only.
 */
public final class FrameControl {

    /** The frame comes from the exchange responder. */
    public static final int EXCHANGE_RESPONDER = 0x800000;
    /** The frame comes from the sequence recipient. */
    public static final int SEQUENCE_RECIPIENT = 0x400000;
    public static final int FIRST_SEQUENCE = 0x200000;
    public static final int LAST_SEQUENCE = 0x100000;
    public static final int END_SEQUENCE = 0x080000;
    public static final int SEQUENCE_INITIATIVE = 0x010000;
    /** The parameter field holds the relative offset. */
    public static final int RELATIVE_OFFSET = 0x000008;
    /** Fill bytes in the last frame of a sequence (bits 1-0). */
    public static final int FILL_MASK = 0x000003;

    /** A responder's single-frame reply that ends the exchange (ELS LS_ACC/LS_RJT, FCP_RSP, BA_ACC). */
    public static final int LAST_REPLY = EXCHANGE_RESPONDER | LAST_SEQUENCE | END_SEQUENCE;

    private FrameControl() {
    }
}
