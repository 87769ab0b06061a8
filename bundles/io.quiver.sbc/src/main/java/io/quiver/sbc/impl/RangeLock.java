package io.quiver.sbc.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Locks on LBA ranges that never block a thread: what makes COMPARE AND WRITE and ORWRITE atomic against
 * every other write to an overlapping range (SBC-3 5.3). Ranges are exclusive, except that shared ones (a
 * READ whose data is the store's own memory, lent until the transport has sent it) overlap each other
 * freely and exclude only exclusive ones. A caller asks for a range with
 * the work to run while holding it; the work runs at once on the caller's thread if no granted or
 * earlier waiting range conflicts, otherwise later, first come first served, through the executor given
 * at construction (the device's I/O executor for blocking stores). Every granted range is released
 * exactly once with {@link Grant#release()}. Thread-safe.
 */
final class RangeLock {

    /** A granted range; release it when the work is done. */
    interface Grant {
        void release();
    }

    /** Work run while holding the range; it must release the grant. */
    interface Holder {
        void run(Grant grant);
    }

    private final Executor deferred;
    private final List<Entry> granted = new ArrayList<>();
    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();

    RangeLock(Executor deferred) {
        this.deferred = deferred;
    }

    /** Runs {@code holder} once {@code blocks} blocks at {@code lba} are free. */
    void acquire(long lba, long blocks, Holder holder) {
        acquire(new Entry(lba, blocks, false, holder));
    }

    /** Runs {@code holder} once no exclusive range overlaps {@code blocks} blocks at {@code lba}. */
    void acquireShared(long lba, long blocks, Holder holder) {
        acquire(new Entry(lba, blocks, true, holder));
    }

    private void acquire(Entry e) {
        synchronized (this) {
            if (conflictsAny(e, granted) || conflictsAny(e, waiting)) {
                waiting.add(e);
                return;
            }
            granted.add(e);
        }
        e.holder.run(e);
    }

    /** Ranges held or waited for, for tests and statistics. */
    synchronized int size() {
        return granted.size() + waiting.size();
    }

    private void release(Entry done) {
        List<Entry> ready;
        synchronized (this) {
            if (!granted.remove(done)) {
                throw new IllegalStateException("range released twice");
            }
            if (waiting.isEmpty()) {
                // The common case on the write path: nobody to wake, nothing to allocate.
                return;
            }
            ready = new ArrayList<>();
            List<Entry> stillWaiting = new ArrayList<>();
            for (Iterator<Entry> it = waiting.iterator(); it.hasNext();) {
                Entry w = it.next();
                if (!conflictsAny(w, granted) && !conflictsAny(w, stillWaiting)) {
                    it.remove();
                    granted.add(w);
                    ready.add(w);
                } else {
                    stillWaiting.add(w);
                }
            }
        }
        for (Entry w : ready) {
            deferred.execute(() -> w.holder.run(w));
        }
    }

    private static boolean conflictsAny(Entry e, Iterable<Entry> others) {
        for (Entry o : others) {
            if (e.conflicts(o)) {
                return true;
            }
        }
        return false;
    }

    private final class Entry implements Grant {
        final long start;
        final long end;
        final boolean shared;
        final Holder holder;

        Entry(long lba, long blocks, boolean shared, Holder holder) {
            this.start = lba;
            this.end = lba + Math.max(1, blocks);
            this.shared = shared;
            this.holder = holder;
        }

        /** Overlapping, and not both shared. */
        boolean conflicts(Entry o) {
            return start < o.end && o.start < end && !(shared && o.shared);
        }

        @Override
        public void release() {
            RangeLock.this.release(this);
        }
    }
}
