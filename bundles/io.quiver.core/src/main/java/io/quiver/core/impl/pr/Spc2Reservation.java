package io.quiver.core.impl.pr;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.ScsiOpcode;

/**
 * SPC-2 RESERVE(6)/(10) and RELEASE(6)/(10) of one logical unit, including how they meet persistent
 * reservations when CRH is set (SPC-4 5.13.3). The reservation belongs to one I_T nexus and ends with
 * RELEASE, LOGICAL UNIT RESET, a target reset or the loss of that nexus.
 *
 * <p>Not thread-safe: callers hold the {@link PrState} lock.
 */
final class Spc2Reservation {

    private Nexus holder;

    /** The nexus holding the SPC-2 reservation, or {@code null}. */
    Nexus holder() {
        return holder;
    }

    /** Whether an SPC-2 reservation exists that another nexus than {@code nexus} holds. */
    boolean heldByOther(Nexus nexus) {
        return holder != null && holder.id() != nexus.id();
    }

    void reserve(PrState pr, Nexus nexus, ByteBuf cdb) throws PrFailure {
        validate(cdb);
        if (persistentReservationsInEffect(pr)) {
            if (!exempt(pr, nexus)) {
                throw PrFailure.conflict("RESERVE while persistent reservations are in effect");
            }
            return;
        }
        if (heldByOther(nexus)) {
            throw PrFailure.conflict("reserved by another I_T nexus");
        }
        holder = nexus;
    }

    void release(PrState pr, Nexus nexus, ByteBuf cdb) throws PrFailure {
        validate(cdb);
        if (persistentReservationsInEffect(pr)) {
            if (!exempt(pr, nexus)) {
                throw PrFailure.conflict("RELEASE while persistent reservations are in effect");
            }
            return;
        }
        // A RELEASE from another nexus is a no-op (SPC-2 7.17).
        if (holder != null && holder.id() == nexus.id()) {
            holder = null;
        }
    }

    /** Drops the reservation if {@code nexus} held it (I_T nexus loss). */
    void nexusLost(Nexus nexus) {
        if (holder != null && holder.id() == nexus.id()) {
            holder = null;
        }
    }

    /** Drops the reservation (LOGICAL UNIT RESET, target reset). */
    void reset() {
        holder = null;
    }

    private static boolean persistentReservationsInEffect(PrState pr) {
        return pr.type() != null || !pr.registrations().isEmpty();
    }

    /**
     * CRH = 1: the holder of the persistent reservation, or a registrant of a registrants-only or
     * all-registrants reservation, gets GOOD without any change.
     */
    private static boolean exempt(PrState pr, Nexus nexus) {
        Registration r = pr.registrationOf(nexus);
        return pr.isHolder(r) || (r != null && pr.type() != null && pr.type().registrantsShare());
    }

    private static void validate(ByteBuf cdb) throws PrFailure {
        int at = cdb.readerIndex();
        int opcode = cdb.getUnsignedByte(at);
        int byte1 = cdb.getUnsignedByte(at + 1);
        // Third-party and extent reservations are obsolete; Quiver only reserves the whole unit.
        boolean six = opcode == ScsiOpcode.RESERVE_6 || opcode == ScsiOpcode.RELEASE_6;
        int unsupported = six ? 0x1F : 0x12;
        if ((byte1 & unsupported) != 0) {
            throw PrFailure.invalidCdb(1, -1);
        }
    }
}
