package io.quiver.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TPACKET_V2 receive rings ({@link FrameRing}) and {@code sendmmsg} batches ({@link PacketBatch}) against the
 * real kernel, on a veth pair between two network namespaces this class creates and removes (MTU 2500): a lone
 * frame reaches a V2 ring's reader without waiting for a block to fill or time out (a V3 ring with a 5 s retire
 * timer beside it holds it back), 100,000 frames of every length batched 64 to a {@code sendmmsg} arrive once
 * and in order, and a frame the kernel refuses in the middle of a batch costs that frame only. Needs root.
 */
class FrameRingTest {

    private static final int MTU = 2500;
    private static final int FCOE = 0x8906;
    /** A slot for a frame of the MTU: 66 bytes of head, 14 + 2500 of frame, rounded to 16. */
    private static final int SLOT = 2592;

    private static VethPair net;
    /** Frames go from qa0 to qb0: destination first. */
    private static byte[] header;

    @BeforeAll
    static void network() throws Exception {
        net = VethPair.forTest(MTU);
        header = new byte[12];
        System.arraycopy(VethPair.mac(net.nsB, VethPair.DEV_B), 0, header, 0, 6);
        System.arraycopy(VethPair.mac(net.nsA, VethPair.DEV_A), 0, header, 6, 6);
    }

    @AfterAll
    static void removeNetwork() {
        Optional.ofNullable(net).ifPresent(VethPair::close);
    }

    private static PacketSocket socket(String ns, String dev) throws Exception {
        return VethPair.socket(ns, dev, FCOE);
    }

    /** The regression test of the FCoE 4 KiB latency: V3 hid a lone frame until its retire timer ran out. */
    @Test
    void aLoneFrameReachesTheV2ReaderAtOnce() throws Exception {
        try (PacketSocket tx = socket(net.nsA, VethPair.DEV_A);
                PacketSocket v2 = socket(net.nsB, VethPair.DEV_B);
                PacketSocket v3 = socket(net.nsB, VethPair.DEV_B);
                FrameRing frames = v2.frameRing(1 << 16, 4, SLOT);
                PacketRing blocks = v3.ring(false, 1 << 16, 4, 2048, 5000);
                PacketBatch batch = new PacketBatch(1, 4096)) {
            assertEquals(4 * (65536 / SLOT), frames.slots());
            fill(batch.add(100), 7);
            assertEquals(1, batch.send(tx));
            long start = System.nanoTime();
            List<Integer> lengths = new ArrayList<>();
            assertEquals(1, frames.receive((ring, offset, length) -> lengths.add(length), 10_000));
            long v2Millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(List.of(100), lengths);
            assertEquals(0, frames.receive((ring, offset, length) -> lengths.add(length), 0), "each frame once");
            // the V3 block holds the frame until its 5 s timer: none within 200 ms
            assertEquals(0, blocks.receive((ring, offset, length) -> lengths.add(length), 200));
            assertTrue(v2Millis < 1000, "the V2 ring handed the frame over after " + v2Millis + " ms");
        }
    }

    @Test
    void batchesCarry100000FramesIntoAV2RingWithNoneLost() throws Exception {
        final int total = 100_000;
        AtomicLong received = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (PacketSocket rx = socket(net.nsB, VethPair.DEV_B);
                PacketSocket tx = socket(net.nsA, VethPair.DEV_A);
                FrameRing ring = rx.frameRing(1 << 16, 64, SLOT);
                PacketBatch batch = new PacketBatch(64, 64L * 2560)) {
            Thread receiver = new Thread(() -> {
                PacketRing.FrameHandler check = (memory, offset, length) -> {
                    long seq = memory.get(JAVA_LONG_UNALIGNED, offset + 14);
                    if (seq != received.get() || length != length(seq) || memory.get(JAVA_BYTE, offset + length - 1)
                            != (byte) seq) {
                        wrong.incrementAndGet();
                    }
                    received.incrementAndGet();
                };
                try {
                    while (received.get() < total && !stop.get()) {
                        ring.receive(check, 100);
                    }
                } catch (LinuxException e) {
                    wrong.addAndGet(1_000_000);
                }
            }, "v2-receiver");
            receiver.start();
            long start = System.nanoTime();
            try {
                for (long seq = 0; seq < total; seq++) {
                    while (seq - received.get() > ring.slots() / 2) { // stay within what the ring holds
                        assertTrue(System.nanoTime() < deadline && receiver.isAlive(),
                                "the receiver stalled at " + received.get() + " frames of " + seq + " sent");
                        Thread.onSpinWait();
                    }
                    MemorySegment frame = batch.add(length(seq));
                    fill(frame, seq);
                    if (batch.size() == 64) {
                        assertEquals(64, batch.send(tx));
                    }
                }
                batch.send(tx);
                while (received.get() < total && System.nanoTime() < deadline && receiver.isAlive()) {
                    Thread.sleep(10);
                }
            } finally {
                stop.set(true); // before the ring is unmapped: the receiver reads it
                receiver.join(10_000);
            }
            long nanos = System.nanoTime() - start;
            assertEquals(0, wrong.get(), "frames out of order, cut or of the wrong length");
            assertEquals(total, received.get(), "frames received");
            int[] stats = rx.statistics();
            assertEquals(total, stats[0], "PACKET_STATISTICS packets");
            assertEquals(0, stats[1], "PACKET_STATISTICS drops");
            System.out.printf("sendmmsg into a TPACKET_V2 ring: %d frames in %.2f s (%.0f frames/s)%n", total,
                    nanos / 1e9, total / (nanos / 1e9));
        }
    }

    @Test
    void aRefusedFrameCostsOnlyItself() throws Exception {
        try (PacketSocket rx = socket(net.nsB, VethPair.DEV_B);
                PacketSocket tx = socket(net.nsA, VethPair.DEV_A);
                FrameRing ring = rx.frameRing(1 << 16, 4, 4096);
                PacketBatch batch = new PacketBatch(3, 3 * 4096)) {
            fill(batch.add(60), 1);
            fill(batch.add(14 + MTU + 100), 2); // beyond the MTU: EMSGSIZE
            fill(batch.add(14 + MTU), 3);
            assertNull(batch.add(60), "three frames is all the batch takes");
            LinuxException refused = assertThrows(LinuxException.class, () -> batch.send(tx));
            assertEquals(Errno.EMSGSIZE, refused.errno(), refused.getMessage());
            assertEquals(0, batch.size(), "the batch is empty after a send, also a failed one");
            List<Long> seqs = new ArrayList<>();
            long until = System.nanoTime() + 10_000_000_000L;
            while (seqs.size() < 2 && System.nanoTime() < until) {
                ring.receive((memory, offset, length) -> seqs.add(memory.get(JAVA_LONG_UNALIGNED, offset + 14)), 100);
            }
            assertEquals(List.of(1L, 3L), seqs);
        }
        assertThrows(IllegalArgumentException.class, () -> new PacketBatch(PacketBatch.UIO_MAXIOV + 1, 4096));
    }

    /** The length of frame {@code seq}: 60 to 14 + MTU bytes. */
    private static int length(long seq) {
        return 60 + (int) (seq * 7919 % (14 + MTU - 60 + 1));
    }

    /** An FCoE frame from qa0 to qb0 filling {@code frame}: {@code seq} after the header, its low byte last. */
    private static void fill(MemorySegment frame, long seq) {
        MemorySegment.copy(header, 0, frame, JAVA_BYTE, 0, 12);
        frame.set(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 12, (short) FCOE);
        frame.set(JAVA_LONG_UNALIGNED, 14, seq);
        frame.set(JAVA_BYTE, frame.byteSize() - 1, (byte) seq);
    }
}
