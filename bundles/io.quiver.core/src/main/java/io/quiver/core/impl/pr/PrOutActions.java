package io.quiver.core.impl.pr;

import io.quiver.core.impl.lu.Nexus;

/**
 * Dispatches a decoded PERSISTENT RESERVE OUT to its service action (SPC-4 6.17.2, table 200). Runs
 * under the {@link PrState} lock; stateless.
 */
final class PrOutActions {

    private PrOutActions() {
    }

    /**
     * Applies one service action.
     *
     * @return whether the state may have changed (and must be persisted if APTPL is set)
     * @throws PrFailure before any change, if the command is refused
     */
    static boolean apply(PrState state, PrOutParameters p, Nexus nexus, PrOutcome outcome) throws PrFailure {
        switch (p.serviceAction) {
            case PrOutParameters.REGISTER:
                return PrRegisterActions.register(state, nexus, p, false, outcome);
            case PrOutParameters.REGISTER_AND_IGNORE_EXISTING_KEY:
                return PrRegisterActions.register(state, nexus, p, true, outcome);
            case PrOutParameters.REGISTER_AND_MOVE:
                PrRegisterActions.registerAndMove(state, nexus, p);
                return true;
            case PrOutParameters.RESERVE:
                PrReservationActions.reserve(state, nexus, p);
                return true;
            case PrOutParameters.RELEASE:
                PrReservationActions.release(state, nexus, p, outcome);
                return true;
            case PrOutParameters.CLEAR:
                PrReservationActions.clear(state, nexus, p, outcome);
                return true;
            case PrOutParameters.PREEMPT:
            case PrOutParameters.PREEMPT_AND_ABORT:
                PrReservationActions.preempt(state, nexus, p, outcome);
                return true;
            default:
                throw PrFailure.invalidCdb(1, 4);
        }
    }
}
