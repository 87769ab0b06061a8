package io.quiver.handler.fileio.impl.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof of WRITE ATOMIC on fileio: a child JVM ({@link AtomicWriteChild}) writes units of 64 blocks in a
 * loop and is killed with SIGKILL at a random moment, many times; after each kill the file is opened as the
 * handler opens it (journal replay first) and every unit must hold one generation in all its blocks. The
 * same run with plain writes must find torn units, which shows the check can see a tear.
 *
 * <p>Bounded for CI: {@code quiver.tornwrite.kills} kills (default 40) or 60 s, whichever comes first, at
 * least 10 kills. The kill count and the replays are printed.
 */
class TornWriteTest {

    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    @Test
    void noAtomicWriteIsTornByAKill() throws Exception {
        Path file = dataFile("atomic.img");
        int kills = Integer.getInteger("quiver.tornwrite.kills", 40);
        Random random = new Random();
        long start = System.nanoTime();
        int done = 0;
        int replays = 0;
        int torn = 0;
        while (done < kills && System.nanoTime() - start < BUDGET_NANOS) {
            killMidWrite(file, "atomic", random);
            done++;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    AtomicJournal journal = AtomicJournal.open(AtomicJournal.journalOf(file), ch, 0)) {
                replays += journal.replayedBytes() > 0 ? 1 : 0;
                torn += tornUnits(ch);
            }
        }
        System.out.printf("TornWriteTest: %d kills of atomic writers, %d journal replays, %d torn units%n",
                done, replays, torn);
        assertTrue(done >= 10, "too few kills in the time budget: " + done);
        assertEquals(0, torn, "torn atomic units after " + done + " kills");
    }

    @Test
    void plainWritesDoTearSoTheCheckCanSeeIt() throws Exception {
        Path file = dataFile("plain.img");
        Random random = new Random();
        int torn = 0;
        int kills = 0;
        // Each kill lands inside a unit's 64 writes far more often than between units; 30 bounds the bad luck.
        while (torn == 0 && kills < 30) {
            killMidWrite(file, "plain", random);
            kills++;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                torn += tornUnits(ch);
            }
        }
        System.out.printf("TornWriteTest: plain writes torn after %d kills%n", kills);
        assertTrue(torn > 0, "no plain write torn in " + kills + " kills: the check would not see a tear");
    }

    private Path dataFile(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, new byte[AtomicWriteChild.UNITS * AtomicWriteChild.UNIT_BLOCKS * AtomicWriteChild.BLOCK]);
        return file;
    }

    /**
     * Starts the child, waits until it writes, lets it run 0-200 ms more, checks that it still runs, and kills
     * it with SIGKILL.
     */
    private static void killMidWrite(Path file, String mode, Random random) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AtomicWriteChild.class.getName(), file.toString(), mode).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertEquals("ready", line, "child did not start writing");
            Thread.sleep(random.nextInt(200));
            if (!p.isAlive()) { // a child that stopped writing by itself would make every check pass
                String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                throw new AssertionError("child exited with " + p.exitValue() + " before the kill: " + rest);
            }
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally in the child runs
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /** Units whose blocks do not all carry one generation (all zero: never written, also whole). */
    private static int tornUnits(FileChannel ch) throws IOException {
        int torn = 0;
        int unitBytes = AtomicWriteChild.UNIT_BLOCKS * AtomicWriteChild.BLOCK;
        for (int u = 0; u < AtomicWriteChild.UNITS; u++) {
            ByteBuffer unit = ByteBuffer.allocate(unitBytes);
            while (unit.hasRemaining()) {
                if (ch.read(unit, (long) u * unitBytes + unit.position()) < 0) {
                    break;
                }
            }
            long first = unit.getLong(0);
            for (int b = 0; b < AtomicWriteChild.UNIT_BLOCKS; b++) {
                if (unit.getLong(b * AtomicWriteChild.BLOCK) != first) {
                    torn++;
                    break;
                }
            }
        }
        return torn;
    }
}
