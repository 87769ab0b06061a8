package io.quiver.core.impl.pr;

import io.quiver.core.impl.lu.Nexus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The persistent reservation state of one logical unit (SPC-4 5.12): registrations, the reservation
 * (type and, for non-all-registrants types, its holder), PRgeneration and APTPL.
 *
 * <p>Not thread-safe by itself: every access holds the instance's monitor ({@code synchronized (state)}),
 * which the {@link ReservationService} takes around each command.
 */
public final class PrState {

    private final List<Registration> registrations = new ArrayList<>();
    private int generation;
    private boolean aptpl;
    private PrType type;
    private Registration holder;

    /** The registrations, in registration order (a live view; hold the lock). */
    public List<Registration> registrations() {
        return registrations;
    }

    /** The registration of a nexus, or {@code null} if it is not registered. */
    public Registration registrationOf(Nexus nexus) {
        return registrationOf(nexus.initiator().transportId(), nexus.relativeTargetPortId());
    }

    /** The registration of an I_T nexus given by TransportID and relative target port, or {@code null}. */
    public Registration registrationOf(byte[] tid, int rtpi) {
        for (Registration r : registrations) {
            if (r.matches(tid, rtpi)) {
                return r;
            }
        }
        return null;
    }

    public int generation() {
        return generation;
    }

    /** PRgeneration wraps at 2^32 (SPC-4 6.16.2). */
    void bumpGeneration() {
        generation++;
    }

    void generation(int value) {
        generation = value;
    }

    /** Activate Persist Through Power Loss, as the last REGISTER-type command set it. */
    public boolean aptpl() {
        return aptpl;
    }

    void aptpl(boolean value) {
        aptpl = value;
    }

    /** The reservation type, or {@code null} if no persistent reservation exists. */
    public PrType type() {
        return type;
    }

    /** The holding registration for non-all-registrants types; {@code null} for all-registrants types. */
    public Registration holder() {
        return holder;
    }

    /** Whether a registration holds the reservation (every registrant does for all-registrants types). */
    public boolean isHolder(Registration r) {
        return r != null && type != null && (type.allRegistrants() || r == holder);
    }

    void reserve(PrType newType, Registration newHolder) {
        this.type = newType;
        this.holder = newType.allRegistrants() ? null : newHolder;
    }

    void release() {
        this.type = null;
        this.holder = null;
    }

    void add(Registration r) {
        registrations.add(r);
    }

    /**
     * Removes a registration. Returns {@code true} if that released the reservation: its holder left, or
     * the last registrant of an all-registrants reservation did (SPC-4 5.12.11.2.2).
     */
    boolean remove(Registration r) {
        registrations.remove(r);
        if (type != null && (r == holder || (type.allRegistrants() && registrations.isEmpty()))) {
            release();
            return true;
        }
        return false;
    }

    /** Removes every registration the filter selects; returns them. Does not touch the reservation. */
    List<Registration> removeIf(Predicate<Registration> filter) {
        List<Registration> removed = new ArrayList<>();
        for (Registration r : registrations) {
            if (filter.test(r)) {
                removed.add(r);
            }
        }
        registrations.removeAll(removed);
        return removed;
    }

    void clear() {
        registrations.clear();
        release();
    }

    /** Takes over every field of {@code other} (a state decoded from the shared store); {@code other} is dropped. */
    void replaceWith(PrState other) {
        registrations.clear();
        registrations.addAll(other.registrations);
        generation = other.generation;
        aptpl = other.aptpl;
        type = other.type;
        holder = other.holder;
    }

    /** Back to the power-on state with nothing persisted. */
    void reset() {
        clear();
        generation = 0;
        aptpl = false;
    }
}
