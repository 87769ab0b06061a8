package io.quiver.itests;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What one writer may expect to find in its region of a LUN after a crash. Per block it keeps the
 * generation last <em>sent</em> and the generation last <em>durably acknowledged</em>: GOOD for a write
 * on a write-through LUN or a FUA write, or GOOD for a SYNCHRONIZE CACHE issued after the write's own GOOD
 * (SBC-3 5.22: the cache holds nothing of the range any more). Generations grow with every write, so a
 * block read back is correct exactly when it is whole, holds its own LBA, and its generation g satisfies
 * {@code durable <= g <= sent}: g below {@code durable} is a lost acknowledged write; g above {@code
 * durable} is a later write that was sent and not yet durably acknowledged (in flight at the kill, or
 * acknowledged only into the write-back cache), which the target was free to keep or lose. Used by one
 * writer thread, then by the checking thread after the writer has ended.
 */
final class WriteLedger {

    private final long firstLba;
    private final int[] sent;
    private final int[] durable;
    private final int[] acknowledged;
    private final BitSet unsynced;
    private int generation;

    WriteLedger(long firstLba, int blocks) {
        this.firstLba = firstLba;
        sent = new int[blocks];
        durable = new int[blocks];
        acknowledged = new int[blocks];
        unsynced = new BitSet(blocks);
    }

    long firstLba() {
        return firstLba;
    }

    int blocks() {
        return sent.length;
    }

    /** The generation for the next write; call before sending it, then {@link #sending}. */
    int nextGeneration() {
        return ++generation;
    }

    void sending(long lba, int blocks, int gen) {
        for (int i = index(lba); i < index(lba) + blocks; i++) {
            sent[i] = gen;
        }
    }

    /** The write answered GOOD; {@code durableNow} for write-through or FUA, else it waits for a sync. */
    void good(long lba, int blocks, int gen, boolean durableNow) {
        for (int i = index(lba); i < index(lba) + blocks; i++) {
            if (durableNow) {
                durable[i] = gen;
                unsynced.clear(i);
            } else {
                acknowledged[i] = gen;
                unsynced.set(i);
            }
        }
    }

    /** A snapshot of the writes a SYNCHRONIZE CACHE sent now covers; pass it to {@link #synced}. */
    int[] syncing() {
        int[] snapshot = new int[sent.length];
        unsynced.stream().forEach(i -> snapshot[i] = acknowledged[i]);
        return snapshot;
    }

    /** The SYNCHRONIZE CACHE whose {@link #syncing} snapshot this is answered GOOD. */
    void synced(int[] snapshot) {
        for (int i = 0; i < snapshot.length; i++) {
            if (snapshot[i] > durable[i]) {
                durable[i] = snapshot[i];
            }
            if (snapshot[i] != 0 && snapshot[i] == acknowledged[i]) {
                unsynced.clear(i);
            }
        }
    }

    /** How many blocks hold a durably acknowledged write. */
    int durableBlocks() {
        int n = 0;
        for (int d : durable) {
            n += d > 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * Checks blocks read back from {@code lba} on; returns one line per violation and counts the blocks
     * holding a newer generation than the durable one in {@code newer[0]}.
     */
    List<String> check(long lba, byte[] data, int[] newer) {
        List<String> problems = new ArrayList<>();
        for (int off = 0; off < data.length; off += BlockPattern.BLOCK) {
            long block = lba + off / BlockPattern.BLOCK;
            int i = index(block);
            int g = BlockPattern.generation(data, off, block);
            if (g == BlockPattern.CORRUPT) {
                problems.add("LBA " + block + ": torn or misplaced block (durable generation " + durable[i] + ")");
            } else if (g < durable[i]) {
                problems.add("LBA " + block + ": generation " + g + " but " + durable[i] + " was acknowledged durable");
            } else if (g > sent[i]) {
                problems.add("LBA " + block + ": generation " + g + " was never sent (last sent " + sent[i] + ")");
            } else if (g > durable[i]) {
                newer[0]++;
            }
        }
        return problems;
    }

    private int index(long lba) {
        return Math.toIntExact(lba - firstLba);
    }
}
