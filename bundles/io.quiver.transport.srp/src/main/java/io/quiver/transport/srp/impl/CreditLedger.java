package io.quiver.transport.srp.impl;

/**
 * The target's side of SRP request-limit flow control (SRP r16a 5.6): how many request IUs the initiator may
 * still send, and how many credits the target owes it. The initial grant comes with SRP_LOGIN_RSP; every
 * request (SRP_CMD, SRP_TSK_MGMT) uses one; a request frees its credit when it is answered, and the answer
 * returns that credit plus any that piled up (requests that ended without a response: aborted commands). When
 * credits pile up with no response in sight to carry them, the channel sends SRP_CRED_REQ: at most one target
 * request is outstanding, because Linux's ib_srp keeps exactly one receive buffer for them
 * ({@code SRP_RSP_SQ_SIZE}).
 *
 * <p>Not thread-safe: the channel calls it under its own lock.
 */
final class CreditLedger {

    private final int grant;
    private final int pileThreshold;
    private int initiatorCredits;
    private int owed;
    private int inFlight;
    private long outstandingTargetRequest = -1;
    private long nextTag = 1;

    /**
     * @param grant the initial request limit (receive buffers posted for requests)
     * @param pileThreshold owed credits that justify an SRP_CRED_REQ even while requests are in flight
     */
    CreditLedger(int grant, int pileThreshold) {
        this.grant = grant;
        this.pileThreshold = Math.max(1, pileThreshold);
        this.initiatorCredits = grant;
    }

    int grant() {
        return grant;
    }

    /** A request arrived; false if the initiator had no credit left (it overran its request limit). */
    boolean take() {
        if (initiatorCredits == 0) {
            return false;
        }
        initiatorCredits--;
        inFlight++;
        return true;
    }

    /** A request is answered now: the REQUEST LIMIT DELTA for its response (its own credit and the pile). */
    int answer() {
        inFlight--;
        int delta = owed + 1;
        owed = 0;
        initiatorCredits += delta;
        return delta;
    }

    /** A request ended without a response (an aborted command): its credit piles up. */
    void drop() {
        inFlight--;
        owed++;
    }

    /**
     * Whether to send SRP_CRED_REQ now: credits are owed and either no request is in flight to carry them back,
     * or they reached the threshold; and no target request is outstanding. If so, the credits count as given
     * and {@link #creditRequestTag()} names the request.
     */
    boolean creditRequestDue() {
        if (owed == 0 || outstandingTargetRequest >= 0 || (inFlight > 0 && owed < pileThreshold)) {
            return false;
        }
        outstandingTargetRequest = nextTag++;
        return true;
    }

    /** The tag of the outstanding SRP_CRED_REQ/SRP_AER_REQ. */
    long creditRequestTag() {
        return outstandingTargetRequest;
    }

    /** The delta for the SRP_CRED_REQ just decided on; the owed credits move to the initiator. */
    int takeOwed() {
        int delta = owed;
        owed = 0;
        initiatorCredits += delta;
        return delta;
    }

    /** The initiator answered a target request; false if {@code tag} is not the outstanding one. */
    boolean targetRequestAnswered(long tag) {
        if (tag != outstandingTargetRequest) {
            return false;
        }
        outstandingTargetRequest = -1;
        return true;
    }

    int initiatorCredits() {
        return initiatorCredits;
    }

    int owed() {
        return owed;
    }

    int inFlight() {
        return inFlight;
    }
}
