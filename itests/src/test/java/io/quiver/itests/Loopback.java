package io.quiver.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SCSI commands through the loopback transport ({@code quiver-local}) as the ITs send them, with the waits
 * and assertions they share. Only loaded once {@link LoopbackTestSupport#installLoopbackTransport} installed
 * the feature (the probe imports the loopback package dynamically). Stateless; any thread.
 */
final class Loopback {

    private Loopback() {
    }

    static LocalResponse run(LocalSession s, int lun, byte[] cdb) {
        return s.execute(LocalRequest.of(lun, ints(cdb)));
    }

    static LocalResponse read(LocalSession s, int lun, byte[] cdb, int length) {
        return s.execute(LocalRequest.of(lun, ints(cdb)).dataIn(length));
    }

    static LocalResponse write(LocalSession s, int lun, byte[] cdb, byte[] data) {
        return s.execute(LocalRequest.of(lun, ints(cdb)).dataOut(data));
    }

    /** Standard INQUIRY data of a LUN, checked GOOD and at least 36 bytes long. */
    static LocalResponse inquiry(LocalSession s, int lun) {
        LocalResponse r = read(s, lun, Cdb.inquiry(96), 96);
        assertGood("INQUIRY LUN " + lun, r);
        assertTrue("standard INQUIRY data: " + r, r.dataLength() >= 36);
        return r;
    }

    static List<Integer> reportLuns(LocalSession s) {
        LocalResponse r = read(s, 0, Cdb.reportLuns(4096), 4096);
        assertGood("REPORT LUNS", r);
        return Cdb.luns(r.data());
    }

    /** Polls REPORT LUNS until it lists exactly {@code expected}. */
    static void awaitLuns(LocalSession s, List<Integer> expected) throws Exception {
        assertEquals("REPORT LUNS", expected, Cdb.poll(() -> reportLuns(s), expected::equals));
    }

    /**
     * Polls TEST UNIT READY on a LUN until it is (or is no longer) mapped, that is until it does not (or
     * does) answer LOGICAL UNIT NOT SUPPORTED. Unlike REPORT LUNS, this leaves the other LUNs' REPORTED
     * LUNS DATA HAS CHANGED pending.
     */
    static void awaitMapped(LocalSession s, int lun, boolean mapped) throws Exception {
        LocalResponse r = Cdb.poll(() -> run(s, lun, Cdb.testUnitReady()), t -> notSupported(t) != mapped);
        assertEquals("LUN " + lun + " mapped: " + r, mapped, !notSupported(r));
    }

    /** Sends TEST UNIT READY until it is GOOD: the unit attentions a new nexus starts with are consumed. */
    static void clearUnitAttentions(LocalSession s, int lun) throws Exception {
        assertGood("TEST UNIT READY LUN " + lun, Cdb.poll(() -> run(s, lun, Cdb.testUnitReady()), r -> r.status() == ScsiStatus.GOOD));
    }

    /** Writes {@code blocks} blocks at {@code lba} and reads them back unchanged. */
    static void assertRoundTrip(LocalSession s, int lun, int lba, int blocks, int seed) {
        byte[] data = Cdb.pattern(seed, blocks);
        assertGood("WRITE(10) LUN " + lun, write(s, lun, Cdb.write10(lba, blocks), data));
        LocalResponse r = read(s, lun, Cdb.read10(lba, blocks), data.length);
        assertGood("READ(10) LUN " + lun, r);
        assertArrayEquals("data read back from LUN " + lun, data, r.data());
    }

    /**
     * On a new thread, writes and reads back 8 blocks at a time on one LUN until {@code running} is false.
     * Counts complete rounds and REPORTED LUNS DATA HAS CHANGED answers (a round then starts again, as an
     * initiator retries); any other answer or wrong data completes the future exceptionally.
     */
    static CompletableFuture<Void> writeAndReadBackUntil(AtomicBoolean running, LocalSession s, int lun,
            AtomicInteger rounds, AtomicInteger lunsChanged) {
        return CompletableFuture.runAsync(() -> {
            for (int i = 0; running.get(); i++) {
                byte[] data = Cdb.pattern(i, 8);
                LocalResponse w = write(s, lun, Cdb.write10((i * 8) % 32768, 8), data);
                LocalResponse r = w.status() == ScsiStatus.GOOD ? read(s, lun, Cdb.read10((i * 8) % 32768, 8), data.length) : w;
                if (isUnitAttention(r, AdditionalSense.REPORTED_LUNS_DATA_HAS_CHANGED)) {
                    lunsChanged.incrementAndGet();
                    continue;
                }
                assertGood("WRITE(10)/READ(10) LUN " + lun + ", round " + i, r);
                assertArrayEquals("data of round " + i, data, r.data());
                rounds.incrementAndGet();
            }
        });
    }

    static void assertGood(String what, LocalResponse r) {
        assertEquals(what + ": " + r, ScsiStatus.GOOD, r.status());
    }

    static void assertSense(String what, LocalResponse r, SenseKey key, AdditionalSense sense) {
        assertEquals(what + ": " + r, ScsiStatus.CHECK_CONDITION, r.status());
        assertNotNull(what + ": no sense", r.sense());
        assertEquals(what + ": " + r, key, r.sense().key());
        assertEquals(what + ": " + r, sense, r.sense().additionalSense());
    }

    static boolean isUnitAttention(LocalResponse r, AdditionalSense sense) {
        return r.status() == ScsiStatus.CHECK_CONDITION && r.sense() != null && r.sense().key() == SenseKey.UNIT_ATTENTION
                && r.sense().additionalSense() == sense;
    }

    private static boolean notSupported(LocalResponse r) {
        return r.sense() != null && r.sense().additionalSense() == AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED;
    }

    private static int[] ints(byte[] cdb) {
        int[] out = new int[cdb.length];
        for (int i = 0; i < cdb.length; i++) {
            out[i] = cdb[i] & 0xFF;
        }
        return out;
    }
}
