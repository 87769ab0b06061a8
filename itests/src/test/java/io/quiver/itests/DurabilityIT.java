package io.quiver.itests;

import static io.quiver.itests.Initiators.assertGood;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import io.quiver.transport.iscsi.impl.session.RawScsiInitiator.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * Every acknowledged write survives {@code kill -9} of the JVM (issue 10, item 3). The default distribution,
 * unpacked and started with {@code bin/start}, serves a write-through fileio LUN 1 and a write-back fileio
 * LUN 2. Each round, two {@link PatternWriter}s per LUN write self-describing blocks ({@link BlockPattern})
 * through real iSCSI sessions, the JVM is killed with SIGKILL at a random moment of the burst, restarted
 * with {@code bin/start}, and every block of every writer's region is read back and checked against its
 * {@link WriteLedger}: nothing durably acknowledged may be missing, nothing torn, nothing never sent.
 * In the same rounds, persistent reservations registered with APTPL just before the burst and LUNs
 * created through the shell ({@code bin/client}) must be there after each restart.
 *
 * <p>{@code quiver.durability.kills} sets the number of kills (20), {@code quiver.durability.seed} the
 * random seed (printed, to replay a failure).
 */
public class DurabilityIT {

    private static final int PORT_BASE = 30700;
    private static final int ISCSI_PORT = PORT_BASE + 2;
    private static final String TARGET = "iqn.2026-11.io.quiver:default";
    private static final int REGION_BLOCKS = 2048;
    private static final int WRITERS_PER_LUN = 2;
    private static final int READ_BLOCKS = 64;
    private static final long PR_HOLDER_KEY = 0x5155495645520000L;

    private final List<WriteLedger> ledgers = new ArrayList<>();
    private final List<Long> registeredKeys = new ArrayList<>();
    private final TreeSet<Integer> luns = new TreeSet<>(List.of(0, 1, 2));
    private long checkedBlocks;
    private long newerBlocks;
    private long acknowledgedWrites;

    @Test
    public void acknowledgedWritesReservationsAndConfigurationSurviveKill9() throws Exception {
        int kills = Integer.getInteger("quiver.durability.kills", 20);
        long seed = Long.getLong("quiver.durability.seed", System.nanoTime());
        System.out.println("DurabilityIT seed " + seed + ", " + kills + " kills");
        Random random = new Random(seed);
        for (int i = 0; i < 2 * WRITERS_PER_LUN; i++) {
            ledgers.add(new WriteLedger((long) (i % WRITERS_PER_LUN) * REGION_BLOCKS, REGION_BLOCKS));
        }
        long started = System.nanoTime();
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/durability"),
                System.getProperty("java.home"), PORT_BASE)) {
            configureFileioLun(q, 1, "wt", true);
            configureFileioLun(q, 2, "wb", false);
            q.start();
            for (int round = 1; round <= kills; round++) {
                checkEverything(q, round - 1);
                if (round == 1) {
                    reserve();
                }
                if (round % 5 == 1) {
                    createLunWithTheShell(q, 10 + round);
                }
                registerKey(round);
                List<PatternWriter> writers = startWriters(random);
                Thread.sleep(100 + random.nextInt(2400));
                long pid = q.pid();
                ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow();
                long killedAt = System.nanoTime();
                assertTrue("kill -9 " + pid, jvm.destroyForcibly());
                jvm.onExit().get(30, TimeUnit.SECONDS);
                collect(writers, killedAt, round);
                System.out.printf("round %d: killed after %d writes, %d s so far%n", round,
                        writers.stream().mapToInt(w -> w.writes).sum(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
                q.start();
            }
            checkEverything(q, kills);
            q.stop();
        }
        long durable = ledgers.stream().mapToLong(WriteLedger::durableBlocks).sum();
        System.out.printf("DurabilityIT: %d kills survived, %d writes acknowledged, %d block checks (%d blocks "
                + "durable at the end), %d blocks held a newer unacknowledged generation, %d APTPL keys, %d LUNs, %d s%n",
                kills, acknowledgedWrites, checkedBlocks, durable, newerBlocks, registeredKeys.size(), luns.size(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private static void configureFileioLun(UnpackedDistribution q, int lun, String device, boolean writeThrough)
            throws Exception {
        Path etc = q.home().resolve("etc");
        Files.writeString(etc.resolve("io.quiver.handler.fileio-" + device + ".cfg"), "name = " + device
                + "\nfilename = " + q.home().resolve("data/" + device + ".img").toAbsolutePath()
                + "\nsize = " + (long) WRITERS_PER_LUN * REGION_BLOCKS * BlockPattern.BLOCK
                + "\nwrite_through = " + writeThrough + "\n");
        Files.writeString(etc.resolve("io.quiver.core.lun-" + device + ".cfg"),
                "target = " + TARGET + "\nlun = " + lun + "\ndevice = " + device + "\n");
    }

    /** After a (re)start: the LUNs, the reservation and every key, and every writer's blocks. */
    private void checkEverything(UnpackedDistribution q, int kill) throws Exception {
        UnpackedDistribution.awaitListening(ISCSI_PORT);
        try (RawScsiInitiator i = Initiators.connect(ISCSI_PORT, TARGET, "checker")) {
            Initiators.awaitLuns(i, List.copyOf(luns));
            Initiators.clearUnitAttentions(i, 0);
            Result keys = i.execute(0, Cdb.persistentReserveIn(Cdb.READ_KEYS, 1024), null, 1024);
            assertGood("PR IN READ KEYS", keys);
            assertTrue("after kill " + kill + " the keys " + registeredKeys + " are not all in " + Cdb.keys(keys.data),
                    Cdb.keys(keys.data).containsAll(registeredKeys));
            if (!registeredKeys.isEmpty()) {
                Result reservation = i.execute(0, Cdb.persistentReserveIn(Cdb.READ_RESERVATION, 64), null, 64);
                assertGood("PR IN READ RESERVATION", reservation);
                assertEquals("reservation after kill " + kill, Long.toHexString(PR_HOLDER_KEY) + "/" + Cdb.WRITE_EXCLUSIVE,
                        Cdb.reservation(reservation.data));
            }
            List<String> problems = new ArrayList<>();
            for (int w = 0; w < ledgers.size(); w++) {
                int lun = 1 + w / WRITERS_PER_LUN;
                Initiators.clearUnitAttentions(i, lun);
                problems.addAll(check(i, lun, ledgers.get(w)));
            }
            assertTrue("after kill " + kill + ": " + problems.size() + " problems, first " + problems.subList(0,
                    Math.min(20, problems.size())), problems.isEmpty());
        }
    }

    private List<String> check(RawScsiInitiator i, int lun, WriteLedger ledger) throws Exception {
        List<String> problems = new ArrayList<>();
        int[] newer = new int[1];
        for (long lba = ledger.firstLba(); lba < ledger.firstLba() + ledger.blocks(); lba += READ_BLOCKS) {
            Result r = i.execute(lun, Cdb.read10(Math.toIntExact(lba), READ_BLOCKS), null, READ_BLOCKS * BlockPattern.BLOCK);
            assertGood("READ(10) LUN " + lun + " LBA " + lba, r);
            problems.addAll(ledger.check(lba, r.data, newer));
        }
        checkedBlocks += ledger.blocks();
        newerBlocks += newer[0];
        return problems;
    }

    private void reserve() throws Exception {
        try (RawScsiInitiator i = Initiators.connect(ISCSI_PORT, TARGET, "pr-holder")) {
            Initiators.clearUnitAttentions(i, 0);
            assertGood("PR OUT REGISTER APTPL=1", i.execute(0, Cdb.persistentReserveOut(Cdb.REGISTER, 0),
                    Cdb.prOutParameters(0, PR_HOLDER_KEY, true), 0));
            registeredKeys.add(PR_HOLDER_KEY);
            assertGood("PR OUT RESERVE", i.execute(0, Cdb.persistentReserveOut(Cdb.RESERVE, Cdb.WRITE_EXCLUSIVE),
                    Cdb.prOutParameters(PR_HOLDER_KEY, 0, false), 0));
        }
    }

    /** One more registrant per round, acknowledged just before the burst that ends in a kill. */
    private void registerKey(int round) throws Exception {
        try (RawScsiInitiator i = Initiators.connect(ISCSI_PORT, TARGET, "pr-" + round)) {
            Initiators.clearUnitAttentions(i, 0);
            assertGood("PR OUT REGISTER APTPL=1 round " + round, i.execute(0, Cdb.persistentReserveOut(Cdb.REGISTER, 0),
                    Cdb.prOutParameters(0, PR_HOLDER_KEY + round, true), 0));
            registeredKeys.add(PR_HOLDER_KEY + round);
        }
    }

    private void createLunWithTheShell(UnpackedDistribution q, int lun) throws Exception {
        Path image = q.home().resolve("data/rt" + lun + ".img").toAbsolutePath();
        q.client("quiver:create /handlers/vdisk_fileio rt" + lun + " filename=" + image + " size=1048576",
                "quiver:create /targets/iscsi/" + TARGET + "/luns " + lun + " device=rt" + lun);
        luns.add(lun);
    }

    private List<PatternWriter> startWriters(Random random) throws Exception {
        List<PatternWriter> writers = new ArrayList<>();
        for (int w = 0; w < ledgers.size(); w++) {
            int lun = 1 + w / WRITERS_PER_LUN;
            RawScsiInitiator i = Initiators.connect(ISCSI_PORT, TARGET, "writer-" + w);
            Initiators.clearUnitAttentions(i, lun);
            PatternWriter writer = new PatternWriter(i, lun, lun == 2, ledgers.get(w), random.nextLong());
            writers.add(writer);
        }
        for (PatternWriter writer : writers) {
            new Thread(writer, "writer").start();
        }
        return writers;
    }

    /** Waits for the writers to see their connection break; none may have broken or failed before the kill. */
    private void collect(List<PatternWriter> writers, long killedAt, int round) throws Exception {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                writers.stream().anyMatch(w -> w.brokenAt == 0) && System.nanoTime() < deadline;) {
            Thread.sleep(20);
        }
        for (PatternWriter w : writers) {
            w.stop();
            assertTrue("round " + round + ": a writer's connection broke before the kill", w.brokenAt >= killedAt);
            assertEquals("round " + round + ": errors", List.of(), w.errors);
            acknowledgedWrites += w.writes;
        }
    }
}
