package io.quiver.core.impl.target;

import io.quiver.scsi.AdditionalSense;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The unit attention conditions pending for one I_T_L nexus, with SPC-4's queuing rules (5.14): the
 * oldest is reported first, one per command, and cleared when reported; a condition already queued is
 * not queued twice; a reset (ASC 29h) supersedes everything queued before it, since the reset itself
 * changed what those conditions reported. When the queue overflows the newest condition replaces the
 * last one, so the initiator learns that something changed.
 *
 * <p>Thread-safe (synchronized; every operation is short).
 */
public final class UnitAttentionQueue {

    /** Conditions kept per nexus; SPC-4 allows any number, SCST keeps a handful. */
    static final int CAPACITY = 16;

    private static final int RESET_ASC = 0x29;

    private final ArrayDeque<AdditionalSense> pending = new ArrayDeque<>();

    /** Queues a condition. */
    public synchronized void raise(AdditionalSense sense) {
        if (sense.asc() == RESET_ASC) {
            pending.clear();
        } else if (pending.contains(sense)) {
            return;
        }
        if (pending.size() == CAPACITY) {
            pending.pollLast();
        }
        pending.addLast(sense);
    }

    /** Reports (removes) the oldest condition, or {@code null}. */
    public synchronized AdditionalSense poll() {
        return pending.pollFirst();
    }

    /** The oldest condition without clearing it, or {@code null}. */
    public synchronized AdditionalSense peek() {
        return pending.peekFirst();
    }

    /** How many conditions are pending. */
    public synchronized int size() {
        return pending.size();
    }

    /** Clears one kind of condition (REPORT LUNS clears REPORTED LUNS DATA HAS CHANGED). */
    public synchronized void clear(AdditionalSense sense) {
        for (Iterator<AdditionalSense> it = pending.iterator(); it.hasNext();) {
            if (it.next() == sense) {
                it.remove();
            }
        }
    }
}
