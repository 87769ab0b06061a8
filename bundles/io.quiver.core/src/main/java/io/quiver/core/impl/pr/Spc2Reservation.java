package io.quiver.core.impl.pr;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.ScsiOpcode;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SPC-2 RESERVE(6)/(10) and RELEASE(6)/(10) of one logical unit, including how they meet persistent
 * reservations when CRH is set (SPC-4 5.13.3). The reservation belongs to one I_T nexus and ends with
 * RELEASE, LOGICAL UNIT RESET, a target reset or the loss of that nexus.
 *
 * <p>Not thread-safe: callers hold the {@link PrState} lock.
 */
final class Spc2Reservation {

    private static final HexFormat HEX = HexFormat.of();

    /** The holder's initiator TransportID, or {@code null} if no SPC-2 reservation exists. */
    private byte[] holderTid;
    private int holderRtpi;

    /** Whether an SPC-2 reservation exists. */
    boolean held() {
        return holderTid != null;
    }

    /** Whether an SPC-2 reservation exists that another nexus than {@code nexus} holds. */
    boolean heldByOther(Nexus nexus) {
        return holderTid != null && !isHolder(nexus);
    }

    private boolean isHolder(Nexus nexus) {
        return holderTid != null && holderRtpi == nexus.relativeTargetPortId()
                && Arrays.equals(holderTid, nexus.initiator().transportId());
    }

    /** The holder as {@code <TransportID hex>,<relative target port>}, or {@code null} (shared state). */
    String encode() {
        return holderTid == null ? null : HEX.formatHex(holderTid) + "," + holderRtpi;
    }

    /** Takes the holder from {@link #encode()}'s form ({@code null}: no reservation). */
    void decode(String text) {
        if (text == null) {
            holderTid = null;
            return;
        }
        String[] f = text.split(",");
        holderTid = HEX.parseHex(f[0]);
        holderRtpi = Integer.parseInt(f[1]);
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
        holderTid = nexus.initiator().transportId();
        holderRtpi = nexus.relativeTargetPortId();
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
        if (isHolder(nexus)) {
            holderTid = null;
        }
    }

    /** Drops the reservation if {@code nexus} held it (I_T nexus loss); returns whether it did. */
    boolean nexusLost(Nexus nexus) {
        if (isHolder(nexus)) {
            holderTid = null;
            return true;
        }
        return false;
    }

    /** Drops the reservation (LOGICAL UNIT RESET, target reset). */
    void reset() {
        holderTid = null;
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
