package io.quiver.transport.fcoe.impl.els;

/**
 * ELS command codes and LS_RJT reasons (FC-LS-3 4.2, tables 6 and 141-142). Constants only.
 */
public final class Els {

    public static final int LS_RJT = 0x01;
    public static final int LS_ACC = 0x02;
    public static final int PLOGI = 0x03;
    public static final int FLOGI = 0x04;
    public static final int LOGO = 0x05;
    public static final int RTV = 0x0E;
    public static final int RLS = 0x0F;
    public static final int ECHO = 0x10;
    public static final int RRQ = 0x12;
    public static final int REC = 0x13;
    public static final int PRLI = 0x20;
    public static final int PRLO = 0x21;
    public static final int ADISC = 0x52;
    public static final int RSCN = 0x61;
    public static final int SCR = 0x62;

    public static final int REASON_INVALID_COMMAND = 0x01;
    public static final int REASON_LOGICAL_ERROR = 0x03;
    public static final int REASON_UNABLE_TO_PERFORM = 0x09;
    public static final int REASON_NOT_SUPPORTED = 0x0B;

    public static final int EXPLANATION_NONE = 0x00;
    public static final int EXPLANATION_INVALID_LENGTH = 0x2D;
    public static final int EXPLANATION_PLOGI_REQUIRED = 0x1E;
    /** LS_RJT explanation (FC-LS-3 table 142): invalid originator S_ID. */
    public static final int EXPLANATION_INVALID_ORIGINATOR = 0x15;
    /** LS_RJT explanation (FC-LS-3 table 142): invalid OX_ID-RX_ID combination. */
    public static final int EXPLANATION_INVALID_OX_RX = 0x17;

    /** R_A_TOV and E_D_TOV this port announces, in milliseconds. */
    public static final int R_A_TOV = 10_000;
    public static final int E_D_TOV = 2_000;

    /** FCP service parameter page: type FCP, image pair, target function, read XFER_RDY disabled. */
    public static final int FC_TYPE_FCP = 0x08;
    public static final int SPP_ESTABLISH_IMAGE_PAIR = 0x20;
    public static final int SPP_RESPONSE_ACCEPTED = 0x01;
    public static final int SPP_RESPONSE_NO_IMAGE_PAIR = 0x03;
    public static final int FCP_TARGET_FUNCTION = 0x10;
    public static final int FCP_INITIATOR_FUNCTION = 0x20;
    public static final int FCP_READ_XFER_RDY_DISABLED = 0x02;
    /** FC-4 feature bits of FCP (FC-GS-7 RFF_ID): target. */
    public static final int FCP_FEATURE_TARGET = 0x01;

    private Els() {
    }
}
