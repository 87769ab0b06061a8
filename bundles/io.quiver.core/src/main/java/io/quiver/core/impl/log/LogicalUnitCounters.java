package io.quiver.core.impl.log;

/**
 * The counters one logical unit's log pages report. Implementations are thread-safe; getters are cheap
 * and never block. Counts are cumulative since creation or the last {@link #reset()}.
 */
public interface LogicalUnitCounters {

    /** Commands that read the medium (READ 6/10/12/16). */
    long readCommands();

    /** Commands that write the medium (WRITE 6/10/12/16, WRITE AND VERIFY, WRITE SAME, COMPARE AND WRITE). */
    long writeCommands();

    /** All other commands. */
    long otherCommands();

    /** Bytes read from the medium. */
    long bytesRead();

    /** Bytes written to the medium. */
    long bytesWritten();

    /** Reads that ended with MEDIUM ERROR (Read Error Counter page, total uncorrected errors). */
    long readErrors();

    /** Writes that ended with MEDIUM ERROR (Write Error Counter page). */
    long writeErrors();

    /** Verifies that ended with MEDIUM ERROR or MISCOMPARE (Verify Error Counter page). */
    long verifyErrors();

    /** Commands that failed for another reason than the medium (Non-Medium Error page). */
    long nonMediumErrors();

    /** LOG SELECT with PCR: every counter back to zero. */
    void reset();
}
