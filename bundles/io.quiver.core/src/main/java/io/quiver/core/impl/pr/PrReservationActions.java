package io.quiver.core.impl.pr;

import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.AdditionalSense;
import java.util.ArrayList;
import java.util.List;

/**
 * RESERVE, RELEASE, CLEAR, PREEMPT and PREEMPT AND ABORT (SPC-4 5.12.9 to 5.12.11). Each method runs under
 * the {@link PrState} lock, validates before changing anything and records the unit attentions it owes
 * in a {@link PrOutcome}. Stateless.
 */
final class PrReservationActions {

    private PrReservationActions() {
    }

    private static Registration requireRegistered(PrState state, Nexus nexus, PrOutParameters p) throws PrFailure {
        Registration own = state.registrationOf(nexus);
        if (own == null || own.key() != p.key) {
            throw PrFailure.conflict("nexus not registered or reservation key mismatch");
        }
        return own;
    }

    static void reserve(PrState state, Nexus nexus, PrOutParameters p) throws PrFailure {
        Registration own = requireRegistered(state, nexus, p);
        PrType type = p.requireType();
        if (state.type() != null) {
            if (state.isHolder(own) && state.type() == type) {
                return;
            }
            throw PrFailure.conflict("another reservation exists");
        }
        state.reserve(type, own);
    }

    static void release(PrState state, Nexus nexus, PrOutParameters p, PrOutcome out) throws PrFailure {
        Registration own = requireRegistered(state, nexus, p);
        PrType held = state.type();
        if (held == null || !state.isHolder(own)) {
            return;
        }
        if (p.scope != 0 || p.typeCode != held.code()) {
            throw PrFailure.illegal(AdditionalSense.INVALID_RELEASE_OF_PERSISTENT_RESERVATION);
        }
        state.release();
        if (held.registrantsShare()) {
            out.notify(others(state.registrations(), own), AdditionalSense.RESERVATIONS_RELEASED);
        }
    }

    static void clear(PrState state, Nexus nexus, PrOutParameters p, PrOutcome out) throws PrFailure {
        Registration own = requireRegistered(state, nexus, p);
        out.notify(others(state.registrations(), own), AdditionalSense.RESERVATIONS_PREEMPTED);
        state.clear();
        state.bumpGeneration();
    }

    /** PREEMPT, and the state part of PREEMPT AND ABORT (the caller aborts {@link PrOutcome#preempted()}). */
    static void preempt(PrState state, Nexus nexus, PrOutParameters p, PrOutcome out) throws PrFailure {
        Registration own = requireRegistered(state, nexus, p);
        PrType newType = p.requireType();
        long victim = p.serviceActionKey;
        PrType held = state.type();
        if (held != null && held.allRegistrants() && victim == 0) {
            // Preempting an all-registrants reservation with key 0 removes everybody else (5.12.11.4.4).
            out.preempted(state.removeIf(r -> r != own));
            state.reserve(newType, own);
        } else if (held != null && !held.allRegistrants() && victim == state.holder().key()) {
            List<Registration> removed = state.removeIf(r -> r != own && r.key() == victim);
            out.preempted(removed);
            state.reserve(newType, own);
            if (held != newType) {
                out.notify(others(state.registrations(), own), AdditionalSense.RESERVATIONS_RELEASED);
            }
        } else {
            if (victim == 0) {
                throw PrFailure.invalidParameter(8, -1);
            }
            if (state.registrations().stream().noneMatch(r -> r != own && r.key() == victim)) {
                throw PrFailure.conflict("no registration holds the service action reservation key");
            }
            out.preempted(state.removeIf(r -> r != own && r.key() == victim));
        }
        state.bumpGeneration();
    }

    private static List<Registration> others(List<Registration> all, Registration own) {
        List<Registration> others = new ArrayList<>(all);
        others.remove(own);
        return others;
    }
}
