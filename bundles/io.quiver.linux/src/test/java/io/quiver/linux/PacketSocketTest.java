package io.quiver.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AF_PACKET against the real kernel: a veth pair between two network namespaces this class creates and
 * removes, MTU 2500 (FCoE's 2112-byte frames and more), the FCoE (0x8906) and FIP (0x8914) ethertypes
 * both ways, multicast and unicast membership, and TPACKET_V3 rings under a load of 100,000 frames.
 */
class PacketSocketTest {

    private static final int MTU = 2500;
    private static final int FCOE = 0x8906;
    private static final int FIP = 0x8914;
    private static final byte[] ALL_ENODE_MACS = HexFormat.ofDelimiter(":").parseHex("01:10:18:01:00:01");

    private static VethPair net;
    private static byte[] macA;
    private static byte[] macB;

    @BeforeAll
    static void network() throws Exception {
        net = VethPair.forTest(MTU);
        macA = VethPair.mac(net.nsA, VethPair.DEV_A);
        macB = VethPair.mac(net.nsB, VethPair.DEV_B);
    }

    @AfterAll
    static void removeNetwork() {
        if (net != null) {
            net.close();
        }
    }

    private static PacketSocket socket(String ns, String dev, int ethertype) throws Exception {
        return VethPair.socket(ns, dev, ethertype);
    }

    @Test
    void deviceQueriesAnswerForTheSocketsNamespace() throws Exception {
        try (PacketSocket a = socket(net.nsA, VethPair.DEV_A, FCOE)) {
            String link = VethPair.ip("-n", net.nsA, "-o", "link", "show", VethPair.DEV_A);
            assertEquals(Integer.parseInt(link.substring(0, link.indexOf(':'))), NetDevice.index(a.fd(), VethPair.DEV_A));
            assertEquals(MTU, NetDevice.mtu(a.fd(), VethPair.DEV_A));
            assertArrayEquals(macA, NetDevice.hardwareAddress(a.fd(), VethPair.DEV_A));
            assertEquals(Errno.ENODEV, assertThrows(LinuxException.class,
                    () -> NetDevice.index(a.fd(), VethPair.DEV_B)).errno(), "qb0 is in the other namespace");
        }
    }

    /** A receive buffer past rmem_max (SO_RCVBUFFORCE as root): the kernel reports twice the size asked. */
    @Test
    void receiveBufferPastTheDefault() throws Exception {
        try (PacketSocket a = PacketSocket.open(FCOE)) {
            int rmemMax = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/core/rmem_max")).strip());
            int asked = Math.max(rmemMax, 1 << 20) + (1 << 20);
            assertEquals(2 * asked, a.receiveBuffer(asked));
        }
    }

    @Test
    void frameOfTheMtuBothWaysForFcoeAndFip() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(4096);
            for (int type : new int[] {FCOE, FIP}) {
                try (PacketSocket a = socket(net.nsA, VethPair.DEV_A, type);
                        PacketSocket b = socket(net.nsB, VethPair.DEV_B, type)) {
                    for (boolean aToB : new boolean[] {true, false}) {
                        PacketSocket from = aToB ? a : b;
                        PacketSocket to = aToB ? b : a;
                        MemorySegment frame = frame(arena, aToB ? macB : macA, aToB ? macA : macB, type, MTU, type);
                        assertEquals(14 + MTU, from.send(frame));
                        int n = to.receive(in, 5000);
                        assertEquals(14 + MTU, n, "0x" + Integer.toHexString(type) + (aToB ? " a->b" : " b->a"));
                        assertArrayEquals(frame.toArray(JAVA_BYTE), in.asSlice(0, n).toArray(JAVA_BYTE));
                    }
                    MemorySegment tooBig = frame(arena, macB, macA, type, MTU + 1, 0);
                    assertEquals(Errno.EMSGSIZE, assertThrows(LinuxException.class, () -> a.send(tooBig)).errno());
                }
            }
            try (PacketSocket fip = socket(net.nsB, VethPair.DEV_B, FIP);
                    PacketSocket a = socket(net.nsA, VethPair.DEV_A, FCOE)) {
                a.send(frame(arena, macB, macA, FCOE, 100, 1));
                assertEquals(-1, fip.receive(in, 300), "a FIP socket sees no FCoE frame");
            }
        }
    }

    @Test
    void multicastAndUnicastMembership() throws Exception {
        byte[] extra = HexFormat.ofDelimiter(":").parseHex("0e:fc:00:01:02:03"); // an FPMA-style address
        try (Arena arena = Arena.ofConfined(); PacketSocket a = socket(net.nsA, VethPair.DEV_A, FIP)) {
            MemorySegment in = arena.allocate(4096);
            try (PacketSocket b = socket(net.nsB, VethPair.DEV_B, FIP)) {
                int ifindex = NetDevice.index(b.fd(), VethPair.DEV_B);
                b.membership(true, ifindex, PacketSocket.PACKET_MR_MULTICAST, ALL_ENODE_MACS);
                b.membership(true, ifindex, PacketSocket.PACKET_MR_UNICAST, extra);
                assertTrue(maddr().contains("01:10:18:01:00:01"), maddr());

                MemorySegment solicitation = frame(arena, ALL_ENODE_MACS, macA, FIP, 60, 2);
                a.send(solicitation);
                assertEquals(74, b.receive(in, 5000));
                assertArrayEquals(solicitation.toArray(JAVA_BYTE), in.asSlice(0, 74).toArray(JAVA_BYTE));
                MemorySegment toExtra = frame(arena, extra, macA, FIP, 60, 3);
                a.send(toExtra);
                assertEquals(74, b.receive(in, 5000));
                assertArrayEquals(toExtra.toArray(JAVA_BYTE), in.asSlice(0, 74).toArray(JAVA_BYTE));

                b.membership(false, ifindex, PacketSocket.PACKET_MR_MULTICAST, ALL_ENODE_MACS);
                assertFalse(maddr().contains("01:10:18:01:00:01"), maddr());
                b.membership(true, ifindex, PacketSocket.PACKET_MR_MULTICAST, ALL_ENODE_MACS);
                assertEquals(Errno.EINVAL, assertThrows(LinuxException.class, () -> b.membership(true, ifindex,
                        PacketSocket.PACKET_MR_MULTICAST, new byte[8])).errno(), "an address longer than Ethernet's");
                assertThrows(IllegalArgumentException.class,
                        () -> b.membership(true, ifindex, PacketSocket.PACKET_MR_UNICAST, new byte[9]));
            }
            assertFalse(maddr().contains("01:10:18:01:00:01"), "closing the socket drops its membership");
        }
    }

    @Test
    void ringsCarry100000FramesWithNoneLost() throws Exception {
        final int total = 100_000;
        AtomicLong received = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (PacketSocket rx = socket(net.nsB, VethPair.DEV_B, FCOE);
                PacketSocket tx = socket(net.nsA, VethPair.DEV_A, FCOE);
                PacketRing rxRing = rx.ring(false, 1 << 20, 16, 2048, 10);
                PacketRing txRing = tx.ring(true, 1 << 20, 4, 2576, 0);
                Arena arena = Arena.ofShared()) {
            Thread receiver = new Thread(() -> {
                PacketRing.FrameHandler check = (ring, offset, length) -> {
                    long seq = ring.get(JAVA_LONG_UNALIGNED, offset + 14);
                    if (seq != received.get() || length != length(seq)
                            || ring.get(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), offset + 12) != (short) FCOE) {
                        wrong.incrementAndGet();
                    }
                    received.incrementAndGet();
                };
                try {
                    while (received.get() < total && !stop.get()) {
                        rxRing.receive(check, 100);
                    }
                } catch (LinuxException e) {
                    wrong.addAndGet(1_000_000);
                }
            }, "ring-receiver");
            receiver.start();
            long start = System.nanoTime();
            try {
                MemorySegment frame = frame(arena, macB, macA, FCOE, MTU, 9);
                for (long seq = 0; seq < total; seq++) {
                    while (seq - received.get() > 2000) { // stay within what the RX ring holds
                        assertTrue(System.nanoTime() < deadline && receiver.isAlive(),
                                "the receiver stalled at " + received.get() + " frames of " + seq + " sent");
                        Thread.onSpinWait();
                    }
                    frame.set(JAVA_LONG_UNALIGNED, 14, seq);
                    while (!txRing.offer(frame, 0, length(seq))) {
                        txRing.flush();
                    }
                    if (seq % 64 == 63) {
                        txRing.flush();
                    }
                }
                txRing.flush();
                while (received.get() < total && System.nanoTime() < deadline && receiver.isAlive()) {
                    Thread.sleep(10);
                }
            } finally {
                stop.set(true); // before the rings are unmapped: the receiver reads them
                receiver.join(10_000);
            }
            long nanos = System.nanoTime() - start;
            assertEquals(0, wrong.get(), "frames out of order, cut or of the wrong type");
            assertEquals(total, received.get(), "frames received");
            int[] stats = rx.statistics();
            assertEquals(total, stats[0], "PACKET_STATISTICS packets");
            assertEquals(0, stats[1], "PACKET_STATISTICS drops");
            System.out.printf("TPACKET_V3 rings: %d frames in %.2f s (%.0f frames/s)%n", total, nanos / 1e9,
                    total / (nanos / 1e9));
        }
    }

    /** The length of frame {@code seq} under load: 60 to 14 + MTU bytes. */
    private static int length(long seq) {
        return 60 + (int) (seq * 7919 % (14 + MTU - 60 + 1));
    }

    private static String maddr() throws Exception {
        return VethPair.ip("-n", net.nsB, "maddr", "show", "dev", VethPair.DEV_B);
    }

    private static MemorySegment frame(Arena arena, byte[] dst, byte[] src, int type, int payload, int seed) {
        MemorySegment f = arena.allocate(14 + payload);
        MemorySegment.copy(dst, 0, f, JAVA_BYTE, 0, 6);
        MemorySegment.copy(src, 0, f, JAVA_BYTE, 6, 6);
        f.set(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 12, (short) type);
        for (int i = 0; i < payload; i++) {
            f.set(JAVA_BYTE, 14 + i, (byte) (i * 13 + seed));
        }
        return f;
    }
}
