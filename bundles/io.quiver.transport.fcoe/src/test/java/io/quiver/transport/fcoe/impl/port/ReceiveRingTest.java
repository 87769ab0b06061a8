package io.quiver.transport.fcoe.impl.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.quiver.linux.Namespace;
import io.quiver.linux.NetDevice;
import io.quiver.linux.PacketSocket;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;
import io.quiver.transport.fcoe.impl.frame.MacAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FCoE data path's receive ring against the plain socket, on a veth pair ({@code fcoer0}/{@code fcoer1})
 * in a network namespace the test makes and deletes ({@code qfcoering-PID}): a burst of full-size FCoE frames
 * sent from the peer while the target's receive thread is stalled (a GC pause, a slow frame), then let go.
 * Every frame must arrive once and in order or be counted as dropped by the kernel; the TPACKET_V2 ring (24 MiB,
 * 10,752 slots) must hold more of it than the plain socket with its 8 MiB receive buffer (accounted as 16 MiB of
 * socket buffers). Also a
 * burst at full speed without a stall. Figures are printed. Needs root.
 */
class ReceiveRingTest {

    static final String NS = "qfcoering" + ProcessHandle.current().pid();
    static final int FRAME = 1514;
    /**
     * Less than what the ring holds (10,752 slots, one frame each), more than the socket buffer (some 7 300
     * frames here: each is accounted as its 2.3 KiB socket buffer against 16 MiB).
     */
    static final int STALLED_BURST = 9000;
    static final int FAST_BURST = 50_000;

    @BeforeAll
    static void namespace() throws Exception {
        assertEquals(NS, PacketLinkTest.vethNamespace("qfcoering", "fcoer0", "fcoer1"));
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        run("ip", "netns", "del", NS);
    }

    @Test
    void ringHoldsAStalledBurstThePlainSocketDoesNot() throws Exception {
        long[] ring = burst(true, STALLED_BURST, true);
        long[] plain = burst(false, STALLED_BURST, true);
        System.out.printf("stalled burst of %d frames: ring received %d dropped %d; plain socket received %d dropped %d%n",
                STALLED_BURST, ring[0], ring[1], plain[0], plain[1]);
        assertTrue(ring[1] < plain[1] || ring[1] == 0 && plain[1] == 0, "the ring holds more of the burst");
    }

    @Test
    void fullSpeedBurst() throws Exception {
        long[] ring = burst(true, FAST_BURST, false);
        long[] plain = burst(false, FAST_BURST, false);
        System.out.printf("full-speed burst of %d frames: ring received %d dropped %d in %d ms; plain socket "
                + "received %d dropped %d in %d ms%n", FAST_BURST, ring[0], ring[1], ring[2], plain[0], plain[1], plain[2]);
    }

    /**
     * Sends {@code count} frames (a sequence number in each) to a link on fcoer0 from a socket on fcoer1,
     * the link's receive thread stalled on the first frame until all are sent if {@code stall}; returns
     * {received, dropped by the kernel, milliseconds}. Fails if a frame arrives twice, out of order, or
     * neither arrives nor is counted as dropped.
     */
    private static long[] burst(boolean withRing, int count, boolean stall) throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        AtomicLong last = new AtomicLong(-1);
        AtomicLong disorder = new AtomicLong();
        try (PacketLink link = PacketLink.open("fcoer0", NS, null, withRing)) {
            assertEquals(withRing, link.ring());
            link.start("ring-test", f -> { }, () -> { }, (ByteBuf f) -> {
                long seq = f.getLong(f.readerIndex() + 14);
                if (seq <= last.getAndSet(seq)) {
                    disorder.incrementAndGet();
                }
                if (received.incrementAndGet() == 1 && stall) {
                    try {
                        sent.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            long start = System.nanoTime();
            send(MacAddress.bytes(link.mac()), count);
            sent.countDown();
            long[] stats;
            long idle = System.currentTimeMillis();
            long seen = -1;
            do { // until every frame is in or counted as dropped, or nothing moves for 2 s
                Thread.sleep(20);
                stats = link.statistics();
                if (received.get() != seen) {
                    seen = received.get();
                    idle = System.currentTimeMillis();
                }
            } while (received.get() + stats[1] < count && System.currentTimeMillis() - idle < 2000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, disorder.get(), "frames twice or out of order");
            assertEquals(count, received.get() + stats[1], "every frame received or counted as dropped");
            assertTrue(stats[0] >= count, "the kernel saw the burst");
            return new long[] {received.get(), stats[1], millis};
        }
    }

    /** {@code count} full-size FCoE frames to {@code destination}, sent from fcoer1 inside the namespace. */
    private static void send(byte[] destination, int count) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try (Arena arena = Arena.ofConfined()) {
                Namespace.enter("/run/netns/" + NS, Namespace.CLONE_NEWNET);
                try (PacketSocket s = PacketSocket.open(FcoeCodec.ETHERTYPE_FCOE)) {
                    s.bind(NetDevice.index(s.fd(), "fcoer1"));
                    MemorySegment frame = arena.allocate(FRAME);
                    MemorySegment.copy(destination, 0, frame, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, 6);
                    frame.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 12,
                            (short) FcoeCodec.ETHERTYPE_FCOE);
                    for (long seq = 0; seq < count; seq++) {
                        frame.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 14,
                                seq);
                        s.send(frame);
                    }
                }
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "fcoe-burst");
        sender.start();
        done.get(60, TimeUnit.SECONDS);
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
