package io.quiver.transport.iscsi.impl.session;

/**
 * The session's command window (RFC 7143, 4.2.2.1): ExpCmdSN, and MaxCmdSN sized so that the commands in
 * flight never exceed the queue depth the core gives the nexus. Serial number arithmetic (RFC 1982) through
 * int overflow. Runs on the connection's event loop; not thread-safe.
 */
public final class CommandWindow {

    private final int queueDepth;
    private int expCmdSn;
    private int inFlight;

    public CommandWindow(int initialCmdSn, int queueDepth) {
        this.expCmdSn = initialCmdSn;
        this.queueDepth = Math.max(1, queueDepth);
    }

    public int expCmdSn() {
        return expCmdSn;
    }

    /** MaxCmdSN: ExpCmdSN plus the free queue slots, minus one (ExpCmdSN - 1 closes the window). */
    public int maxCmdSn() {
        return expCmdSn + Math.max(0, queueDepth - inFlight) - 1;
    }

    /** Whether {@code cmdSn} lies in [ExpCmdSN, MaxCmdSN]. */
    public boolean accepts(int cmdSn) {
        return cmdSn - expCmdSn >= 0 && maxCmdSn() - cmdSn >= 0;
    }

    /** The command carrying ExpCmdSN was taken: the window slides. */
    public void advance() {
        expCmdSn++;
    }

    /** A SCSI command went to the core. */
    public void commandStarted() {
        inFlight++;
    }

    /** A SCSI command came back from the core. */
    public void commandCompleted() {
        inFlight--;
    }

    public int inFlight() {
        return inFlight;
    }

    public int queueDepth() {
        return queueDepth;
    }
}
