package io.quiver.transport.fcoe.impl.els;

/**
 * What REC reports of one exchange the target takes part in as responder (FC-LS-3 4.2.26, FC-FS-3 ESB):
 * its RX_ID, the FC-4 value (for FCP the data transfer count: data-in bytes sent or data-out bytes received,
 * FCP-4 12.3) and the E_STAT bits below. Immutable.
 *
 * @param rxId the responder's exchange ID
 * @param dataCount the FCP data transfer count so far
 * @param eStat the exchange status bits ({@link #RESPONDER}, {@link #SEQUENCE_INITIATIVE}, ...)
 */
public record ExchangeStatus(int rxId, long dataCount, int eStat) {

    /** E_STAT bit 31: the port answering is the exchange responder. */
    public static final int RESPONDER = 1 << 31;
    /** E_STAT bit 30: the port answering holds the sequence initiative. */
    public static final int SEQUENCE_INITIATIVE = 1 << 30;
    /** E_STAT bit 29: the exchange is complete. */
    public static final int COMPLETE = 1 << 29;
    /** E_STAT bit 28: the exchange ended abnormally (aborted). */
    public static final int ABNORMAL = 1 << 28;
}
