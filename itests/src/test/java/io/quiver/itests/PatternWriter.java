package io.quiver.itests;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import io.quiver.transport.iscsi.impl.session.RawScsiInitiator.Result;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One initiator writing {@link BlockPattern} extents of 1 to 16 blocks at random places of its own region
 * of a LUN, one command at a time, and recording in its {@link WriteLedger} what the target acknowledged.
 * On a write-back LUN half the writes carry FUA and a SYNCHRONIZE CACHE (10) follows every fourth write.
 * Runs until the connection breaks (the JVM under test was killed) or {@link #stop}; any status but GOOD
 * is an error. Runs on its own thread; read its outcome after it ended.
 */
final class PatternWriter implements Runnable {

    private static final int MAX_BLOCKS = 16;

    private final RawScsiInitiator initiator;
    private final int lun;
    private final boolean writeBack;
    private final WriteLedger ledger;
    private final Random random;
    private volatile boolean stop;
    /** Errors: statuses other than GOOD. */
    final List<String> errors = new ArrayList<>();
    /** When the connection broke (System.nanoTime), 0 while it did not. */
    volatile long brokenAt;
    volatile int writes;

    PatternWriter(RawScsiInitiator initiator, int lun, boolean writeBack, WriteLedger ledger, long seed) {
        this.initiator = initiator;
        this.lun = lun;
        this.writeBack = writeBack;
        this.ledger = ledger;
        this.random = new Random(seed);
    }

    void stop() {
        stop = true;
    }

    @Override
    public void run() {
        try {
            while (!stop) {
                writeOne();
                writes++;
                if (writeBack && writes % 4 == 0) {
                    synchronizeCache();
                }
            }
        } catch (IOException broken) {
            brokenAt = System.nanoTime();
        } finally {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            initiator.close();
        } catch (IOException alreadyBroken) {
            // the socket is gone with the JVM under test; nothing left to release
        }
    }

    private void writeOne() throws IOException {
        int blocks = 1 + random.nextInt(MAX_BLOCKS);
        long lba = ledger.firstLba() + random.nextInt(ledger.blocks() - blocks + 1);
        boolean fua = writeBack && random.nextBoolean();
        int gen = ledger.nextGeneration();
        ledger.sending(lba, blocks, gen);
        byte[] cdb = Cdb.write10(Math.toIntExact(lba), blocks);
        cdb[1] |= fua ? 0x08 : 0;
        Result r = initiator.execute(lun, cdb, BlockPattern.blocks(lba, blocks, gen), 0);
        if (r.status == 0) {
            ledger.good(lba, blocks, gen, fua || !writeBack);
        } else {
            errors.add("WRITE(10) LBA " + lba + " x" + blocks + ": " + r);
        }
    }

    private void synchronizeCache() throws IOException {
        int[] snapshot = ledger.syncing();
        Result r = initiator.execute(lun, ByteBuffer.allocate(10).put(0, (byte) 0x35).array(), null, 0);
        if (r.status == 0) {
            ledger.synced(snapshot);
        } else {
            errors.add("SYNCHRONIZE CACHE(10): " + r);
        }
    }
}
