package io.quiver.handler.tape.impl;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseBuilder;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;

/**
 * What MOVE MEDIUM (SMC-3 6.7) and EXCHANGE MEDIUM (6.3) check before the library moves anything, in
 * SMC's order: addresses (INVALID ELEMENT ADDRESS; the transport element is no source or destination
 * here, the library moves in one step), a cartridge at each source (MEDIUM SOURCE ELEMENT EMPTY), room at
 * each destination (MEDIUM DESTINATION ELEMENT FULL), and a drive held by PREVENT ALLOW MEDIUM REMOVAL
 * (MEDIUM REMOVAL PREVENTED). Each method answers the sense of the first check that fails, {@code null}
 * when the move may go ahead.
 *
 * <p>Stateless; called under the {@link Library}'s lock, which keeps the answer true while the move runs.
 */
final class MediumMoves {

    private MediumMoves() {
    }

    static SenseData checkMove(ElementContents lib, int from, int to) {
        ElementMap map = lib.elements();
        if (!map.holdsMedium(from) || !map.holdsMedium(to)) {
            return invalidElement();
        }
        if (lib.at(from) == null) {
            return sourceEmpty();
        }
        if (from != to && lib.at(to) != null) {
            return elementFull();
        }
        return lib.removalPrevented(from) ? removalPrevented() : null;
    }

    /** The first destination's cartridge goes to the second destination, {@code from}'s to the first. */
    static SenseData checkExchange(ElementContents lib, int from, int first, int second) {
        ElementMap map = lib.elements();
        for (int a : new int[] {from, first, second}) {
            if (!map.holdsMedium(a)) {
                return invalidElement();
            }
        }
        if (lib.at(from) == null || lib.at(first) == null) {
            return sourceEmpty();
        }
        if (second != from && lib.at(second) != null) {
            return elementFull();
        }
        return lib.removalPrevented(from) || lib.removalPrevented(first) ? removalPrevented() : null;
    }

    /** ILLEGAL REQUEST, INVALID ELEMENT ADDRESS. */
    private static SenseData invalidElement() {
        return new SenseBuilder(SenseKey.ILLEGAL_REQUEST, 0x21, 0x01).build();
    }

    /** ILLEGAL REQUEST, MEDIUM SOURCE ELEMENT EMPTY. */
    private static SenseData sourceEmpty() {
        return new SenseBuilder(SenseKey.ILLEGAL_REQUEST, 0x3B, 0x0E).build();
    }

    /** ILLEGAL REQUEST, MEDIUM DESTINATION ELEMENT FULL. */
    private static SenseData elementFull() {
        return new SenseBuilder(SenseKey.ILLEGAL_REQUEST, 0x3B, 0x0D).build();
    }

    /** ILLEGAL REQUEST, MEDIUM REMOVAL PREVENTED: a drive's cartridge is held there. */
    private static SenseData removalPrevented() {
        return SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.MEDIUM_REMOVAL_PREVENTED);
    }
}
