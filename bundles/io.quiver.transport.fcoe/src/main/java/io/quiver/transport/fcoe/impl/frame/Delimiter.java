package io.quiver.transport.fcoe.impl.frame;

/**
 * Start- and end-of-frame delimiters as FCoE encodes them (FC-BB-6 table 29): one byte each. Constants only.
 */
public final class Delimiter {

    public static final int SOF_F = 0x28;
    public static final int SOF_I2 = 0x2D;
    public static final int SOF_N2 = 0x35;
    /** First frame of a class 3 sequence. */
    public static final int SOF_I3 = 0x2E;
    /** Any later frame of a class 3 sequence. */
    public static final int SOF_N3 = 0x36;

    /** Not the last frame of its sequence. */
    public static final int EOF_N = 0x41;
    /** Last frame of its sequence. */
    public static final int EOF_T = 0x42;
    public static final int EOF_NI = 0x49;
    public static final int EOF_A = 0x50;

    private Delimiter() {
    }

    /** Whether {@code sof} is an SOF this target accepts (class 2 or 3). */
    public static boolean validSof(int sof) {
        return sof == SOF_I3 || sof == SOF_N3 || sof == SOF_I2 || sof == SOF_N2 || sof == SOF_F;
    }

    /** Whether {@code eof} is a valid FCoE EOF. */
    public static boolean validEof(int eof) {
        return eof == EOF_N || eof == EOF_T || eof == EOF_NI || eof == EOF_A;
    }
}
