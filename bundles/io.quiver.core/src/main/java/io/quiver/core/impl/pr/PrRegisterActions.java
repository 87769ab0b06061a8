package io.quiver.core.impl.pr;

import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.AdditionalSense;
import java.util.ArrayList;
import java.util.List;

/**
 * REGISTER, REGISTER AND IGNORE EXISTING KEY and REGISTER AND MOVE (SPC-4 5.12.7, 5.12.8). Each method
 * runs under the {@link PrState} lock, validates everything before changing anything, and records the
 * unit attentions it owes in a {@link PrOutcome}. Stateless.
 */
final class PrRegisterActions {

    private PrRegisterActions() {
    }

    /**
     * REGISTER ({@code ignoreExisting} false) or REGISTER AND IGNORE EXISTING KEY.
     *
     * @return whether the state changed (a no-op unregister of an unregistered nexus does not)
     */
    static boolean register(PrState state, Nexus nexus, PrOutParameters p, boolean ignoreExisting, PrOutcome out)
            throws PrFailure {
        if (ignoreExisting && p.specIpt) {
            throw PrFailure.invalidParameter(20, 3);
        }
        Registration own = state.registrationOf(nexus);
        if (own == null) {
            if (!ignoreExisting && p.key != 0) {
                throw PrFailure.conflict("unregistered nexus gave a reservation key");
            }
            if (p.serviceActionKey == 0) {
                return false;
            }
            byte[] tid = nexus.initiator().transportId();
            int rtpi = nexus.relativeTargetPortId();
            List<Registration> added = new ArrayList<>();
            added.add(new Registration(tid, rtpi, p.allTgPt, p.serviceActionKey));
            for (byte[] other : p.transportIds) {
                if (TransportIds.sameInitiator(other, tid)) {
                    continue;
                }
                if (state.registrationOf(other, rtpi) != null
                        || added.stream().anyMatch(r -> r.matches(other, rtpi))) {
                    throw PrFailure.invalidParameter(PrOutParameters.BASIC_LENGTH + 4, -1);
                }
                added.add(new Registration(other, rtpi, p.allTgPt, p.serviceActionKey));
            }
            added.forEach(state::add);
        } else {
            if (!ignoreExisting && p.key != own.key()) {
                throw PrFailure.conflict("reservation key does not match the registration");
            }
            if (p.specIpt) {
                throw PrFailure.invalidParameter(20, 3);
            }
            if (p.serviceActionKey == 0) {
                unregister(state, own, out);
            } else {
                own.key(p.serviceActionKey);
            }
        }
        state.aptpl(p.aptpl);
        state.bumpGeneration();
        return true;
    }

    private static void unregister(PrState state, Registration own, PrOutcome out) {
        PrType type = state.type();
        if (state.remove(own) && type.registrantsOnly()) {
            // SPC-4 5.12.11.2.2: the holder of a registrants-only reservation left.
            out.notify(state.registrations(), AdditionalSense.RESERVATIONS_RELEASED);
        }
    }

    /** REGISTER AND MOVE: registers the destination I_T nexus and hands it the reservation. */
    static void registerAndMove(PrState state, Nexus nexus, PrOutParameters p) throws PrFailure {
        Registration own = state.registrationOf(nexus);
        if (own == null || own.key() != p.key) {
            throw PrFailure.conflict("REGISTER AND MOVE from an unregistered nexus or with a wrong key");
        }
        PrType type = state.type();
        if (type == null || type.allRegistrants() || !state.isHolder(own)) {
            throw PrFailure.conflict("REGISTER AND MOVE needs the holder of a single-holder reservation");
        }
        if (p.serviceActionKey == 0) {
            throw PrFailure.invalidParameter(8, -1);
        }
        byte[] tid = p.transportIds.get(0);
        if (TransportIds.sameInitiator(tid, nexus.initiator().transportId())
                && p.relativeTargetPortId == nexus.relativeTargetPortId()) {
            throw PrFailure.invalidParameter(PrOutParameters.BASIC_LENGTH, -1);
        }
        Registration dest = state.registrationOf(tid, p.relativeTargetPortId);
        if (dest == null) {
            dest = new Registration(tid, p.relativeTargetPortId, false, p.serviceActionKey);
            state.add(dest);
        } else {
            dest.key(p.serviceActionKey);
        }
        state.reserve(type, dest);
        if (p.unregister) {
            state.remove(own);
        }
        state.aptpl(p.aptpl);
        state.bumpGeneration();
    }
}
