package io.quiver.itests;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An initiator that keeps a LUN busy the way a Linux initiator would while transports and handlers come and
 * go: one session of its own writing self-describing 4 KiB extents ({@link BlockPattern}) at random slots of
 * a region, one command at a time, retrying what SAM says to retry (unit attention, BUSY, TASK SET FULL) and
 * recording anything else as an error. It remembers the generation each slot last received GOOD for, so
 * {@link #verify} proves afterwards that every acknowledged write reads back. A broken connection is an
 * error too: the LUN was to be served throughout. Runs on its own thread between {@link #start} and
 * {@link #stop}; read its figures after {@link #stop}.
 */
final class RetryingWriter {

    static final int BLOCKS = 8;
    private static final int STATUS_BUSY = 0x08;
    private static final int STATUS_TASK_SET_FULL = 0x28;

    private final RawScsiInitiator initiator;
    private final int lun;
    private final long firstLba;
    private final int[] generations;
    private final Random random = new Random(7143);
    private final Thread thread;
    private volatile boolean stop;
    /** Statuses other than GOOD and the retryable ones, and a broken connection. */
    final List<String> errors = new ArrayList<>();
    long writes;
    long retries;
    long longestGapMs;

    /**
     * A writer on {@code lun} over its own session, over {@code slots} extents from {@code firstLba} (zeros
     * there at the start: writers of one LUN take regions of their own).
     */
    RetryingWriter(RawScsiInitiator initiator, int lun, long firstLba, int slots) {
        this.initiator = initiator;
        this.lun = lun;
        this.firstLba = firstLba;
        this.generations = new int[slots];
        this.thread = new Thread(this::run, "retrying-writer-lun" + lun);
    }

    RetryingWriter start() {
        thread.start();
        return this;
    }

    /** Stops and waits for the last command; returns this for its figures. */
    RetryingWriter stop() throws InterruptedException {
        stop = true;
        thread.join(60_000);
        if (thread.isAlive()) {
            errors.add("a command did not complete within 60 s");
        }
        return this;
    }

    private void run() {
        long last = System.nanoTime();
        int generation = 1;
        try {
            while (!stop) {
                int slot = random.nextInt(generations.length);
                long lba = firstLba + (long) slot * BLOCKS;
                RawScsiInitiator.Result r = initiator.execute(lun, Cdb.write10((int) lba, BLOCKS),
                        BlockPattern.blocks(lba, BLOCKS, generation), 0);
                if (retryable(r)) {
                    retries++;
                    continue;
                }
                if (r.status != 0) {
                    errors.add("WRITE(10) LBA " + lba + ": " + r);
                    continue;
                }
                generations[slot] = generation++;
                writes++;
                long now = System.nanoTime();
                longestGapMs = Math.max(longestGapMs, (now - last) / 1_000_000);
                last = now;
            }
        } catch (IOException broken) {
            errors.add("the session broke: " + broken);
        }
    }

    static boolean retryable(RawScsiInitiator.Result r) {
        return r.status == STATUS_BUSY || r.status == STATUS_TASK_SET_FULL || (r.status == 0x02 && r.senseCode().startsWith("6/"));
    }

    /**
     * Reads every slot back through {@code reader} (retrying unit attentions) and returns the slots whose
     * content is not the generation last acknowledged; empty when every acknowledged write is there.
     */
    List<String> verify(RawScsiInitiator reader) throws IOException {
        List<String> wrong = new ArrayList<>();
        for (int slot = 0; slot < generations.length; slot++) {
            long lba = firstLba + (long) slot * BLOCKS;
            RawScsiInitiator.Result r;
            int attempts = 0;
            do {
                r = reader.execute(lun, Cdb.read10((int) lba, BLOCKS), null, BLOCKS * BlockPattern.BLOCK);
            } while (retryable(r) && ++attempts < 20);
            if (r.status != 0) {
                wrong.add("READ(10) LBA " + lba + ": " + r);
                continue;
            }
            for (int b = 0; b < BLOCKS; b++) {
                int found = BlockPattern.generation(r.data, b * BlockPattern.BLOCK, lba + b);
                if (found != generations[slot]) {
                    wrong.add("LBA " + (lba + b) + ": generation " + found + ", acknowledged " + generations[slot]);
                }
            }
        }
        return wrong;
    }

    @Override
    public String toString() {
        return writes + " writes, " + retries + " retried, longest gap " + longestGapMs + " ms, errors " + errors;
    }
}
