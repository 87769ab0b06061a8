package io.quiver.handler.tape.impl;

import java.util.HashSet;
import java.util.Set;

/**
 * PREVENT ALLOW MEDIUM REMOVAL state (SPC-4 6.13, SSC-3 and SMC-3 use it alike): removal is prevented
 * while any I_T nexus that asked for it has not allowed it again, lost its nexus, or seen a reset. A
 * drive refuses to unload and a changer refuses to move a cartridge out of a drive while it holds.
 *
 * <p>Thread-safe: every method is synchronized (device threads and the changer's calls meet here).
 */
final class MediumRemoval {

    private final Set<Long> preventing = new HashSet<>();

    /** The PREVENT bit of one nexus's command: set holds the medium, clear releases that nexus's hold. */
    synchronized void prevent(long nexus, boolean prevent) {
        if (prevent) {
            preventing.add(nexus);
        } else {
            preventing.remove(nexus);
        }
    }

    synchronized boolean prevented() {
        return !preventing.isEmpty();
    }

    /** The nexus is gone (logout, I_T nexus loss): its hold goes with it. */
    synchronized void nexusLost(long nexus) {
        preventing.remove(nexus);
    }

    /** A reset releases every hold. */
    synchronized void reset() {
        preventing.clear();
    }
}
