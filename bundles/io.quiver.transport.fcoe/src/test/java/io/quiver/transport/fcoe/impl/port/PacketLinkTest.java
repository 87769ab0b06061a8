package io.quiver.transport.fcoe.impl.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.linux.Namespace;
import io.quiver.linux.NetDevice;
import io.quiver.linux.PacketSocket;
import io.quiver.transport.fcoe.impl.fip.Fip;
import io.quiver.transport.fcoe.impl.fip.FipFrame;
import io.quiver.transport.fcoe.impl.frame.MacAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real link: a veth pair in a network namespace the test makes (and deletes); the target's sockets are
 * opened inside it through {@code netns}, a raw socket on the peer plays the initiator's FIP: the target
 * probes, claims and beacons on the wire and answers a claim notification with a claim response. Needs root.
 */
class PacketLinkTest {

    @Test
    void vn2vnOverVeth() throws Exception {
        String ns = vethNamespace("qfcoe", "fcoea", "fcoeb");
        try {
            try (PacketSocket initiator = peerSocket(ns, "fcoeb", Fip.ETHERTYPE);
                    PacketLink link = PacketLink.open("fcoea", ns, null);
                    Arena arena = Arena.ofConfined()) {
                LocalPort port = new LocalPort("t", link.mac(), 0x1000000000000001L, 0x2000000000000001L, link.mtu(),
                        link, null);
                link.start("t", f -> port.receiveFip(f, System.currentTimeMillis()),
                        () -> port.tick(System.currentTimeMillis()), port::receiveFcoe);
                port.start(System.currentTimeMillis());
                MemorySegment buffer = arena.allocate(2048);
                assertTrue(awaitSubcode(initiator, buffer, Fip.SC_BEACON), "probe, claim and beacon on the wire");
                ByteBuf claim = Unpooled.directBuffer(256);
                Fip.vn2vn(claim, MacAddress.ALL_VN2VN, Fip.SC_CLAIM_NOTIFY, 0x525400fc0e01L, 0x1000525400fc0e01L,
                        0x0e01, 0x2000525400fc0e01L, 1498);
                send(initiator, arena, claim);
                assertTrue(awaitSubcode(initiator, buffer, Fip.SC_CLAIM_RESPONSE), "claim response");
                assertEquals(0, port.dropped());
            }
        } finally {
            run("ip", "netns", "del", ns);
        }
    }

    /**
     * Fabric mode on the wire: a raw socket on the peer plays the FCF ({@link TestFcf}'s frames): the target's
     * solicitation arrives at ALL-FCF-MACs, the solicited advertisement chooses the FCF, the FLOGI inside FIP
     * is answered with an FPMA grant, and the target's next FCoE frame, the PLOGI to the directory server, leaves
     * from the granted MAC to the FCF's MAC.
     */
    @Test
    void fabricLoginOverVeth() throws Exception {
        String ns = vethNamespace("qfcoefab", "fcoef0", "fcoef1");
        try {
            TestFcf fcf = new TestFcf(0x0200000000b2L, 1);
            try (PacketSocket fip = peerSocket(ns, "fcoef1", Fip.ETHERTYPE);
                    PacketSocket fcoe = peerSocket(ns, "fcoef1", io.quiver.transport.fcoe.impl.frame.FcoeCodec.ETHERTYPE_FCOE);
                    PacketLink link = PacketLink.open("fcoef0", ns, null);
                    Arena arena = Arena.ofConfined()) {
                LocalPort port = new LocalPort("t", link.mac(), 0x1000000000000001L, 0x2000000000000001L, link.mtu(),
                        0, true, link, null);
                java.util.List<Long> granted = new java.util.concurrent.CopyOnWriteArrayList<>();
                port.onPortMac(mac -> {
                    granted.add(mac);
                    link.addVnPortMac(mac);
                });
                link.start("t", f -> port.receiveFip(f, System.currentTimeMillis()),
                        () -> port.tick(System.currentTimeMillis()), port::receiveFcoe);
                port.start(System.currentTimeMillis());
                MemorySegment buffer = arena.allocate(2048);
                FipFrame solicitation = awaitFip(fip, buffer, Fip.OP_DISCOVERY, Fip.SC_SOLICITATION);
                assertEquals(MacAddress.ALL_FCF, solicitation.destination());
                send(fip, arena, fcf.advertisement(link.mac(), true));
                FipFrame flogi = awaitFip(fip, buffer, Fip.OP_ELS, Fip.SC_REQUEST);
                assertEquals(fcf.mac, flogi.destination());
                assertEquals(Fip.DT_FLOGI, flogi.elsType());
                send(fip, arena, fcf.flogiAccept(link.mac(), 0x0f10, 0x010203));
                long end = System.currentTimeMillis() + 5000;
                ByteBuf plogi = null;
                while (plogi == null && System.currentTimeMillis() < end) {
                    int n = fcoe.receive(buffer, 200);
                    if (n > 0) {
                        plogi = Unpooled.wrappedBuffer(buffer.asSlice(0, n).asByteBuffer());
                    }
                }
                assertTrue(plogi != null, "no FCoE frame after the FLOGI LS_ACC");
                assertEquals(fcf.mac, MacAddress.read(plogi, 0), "to the FCF");
                assertEquals(TestFcf.grantedMac(0x010203), MacAddress.read(plogi, 6), "from the granted MAC");
                assertEquals(0xFFFFFC, plogi.getUnsignedMedium(28 + 1), "to the directory server");
                assertTrue(port.up());
                assertEquals(java.util.List.of(TestFcf.grantedMac(0x010203)), granted);
            }
        } finally {
            run("ip", "netns", "del", ns);
        }
    }

    /**
     * Makes network namespace {@code prefix}PID with a veth pair {@code a}/{@code b}, both up (the caller deletes
     * the namespace); skips the test where namespaces or veth devices cannot be made.
     */
    static String vethNamespace(String prefix, String a, String b) throws Exception {
        String ns = prefix + ProcessHandle.current().pid();
        Assumptions.assumeTrue(run("ip", "netns", "add", ns) == 0, "cannot create a network namespace (not root?)");
        if (run("ip", "-n", ns, "link", "add", a, "type", "veth", "peer", "name", b) != 0) {
            run("ip", "netns", "del", ns);
            Assumptions.abort("no veth devices here");
        }
        assertEquals(0, run("ip", "-n", ns, "link", "set", a, "up"));
        assertEquals(0, run("ip", "-n", ns, "link", "set", b, "up"));
        return ns;
    }

    private static FipFrame awaitFip(PacketSocket s, MemorySegment buffer, int op, int subcode) throws Exception {
        long end = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < end) {
            int n = s.receive(buffer, 200);
            if (n > 0) {
                FipFrame f = FipFrame.decode(Unpooled.wrappedBuffer(buffer.asSlice(0, n).asByteBuffer()));
                if (f.op() == op && f.subcode() == subcode) {
                    return f;
                }
            }
        }
        throw new AssertionError("no FIP op " + op + " subcode " + subcode + " within 5 s");
    }

    private static void send(PacketSocket s, Arena arena, ByteBuf frame) throws Exception {
        MemorySegment out = arena.allocate(frame.readableBytes());
        frame.getBytes(frame.readerIndex(), out.asByteBuffer());
        frame.release();
        s.send(out);
    }

    /** A packet socket for {@code ethertype} bound to {@code dev} inside {@code ns}. */
    static PacketSocket peerSocket(String ns, String dev, int ethertype) throws Exception {
        CompletableFuture<PacketSocket> peer = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                Namespace.enter("/run/netns/" + ns, Namespace.CLONE_NEWNET);
                PacketSocket s = PacketSocket.open(ethertype);
                s.bind(NetDevice.index(s.fd(), dev));
                peer.complete(s);
            } catch (Throwable t) {
                peer.completeExceptionally(t);
            }
        });
        opener.start();
        return peer.get(10, TimeUnit.SECONDS);
    }

    private static boolean awaitSubcode(PacketSocket s, MemorySegment buffer, int subcode) throws Exception {
        long end = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < end) {
            int n = s.receive(buffer, 200);
            if (n > 0) {
                FipFrame f = FipFrame.decode(Unpooled.wrappedBuffer(buffer.asSlice(0, n).asByteBuffer()));
                if (f.op() == Fip.OP_VN2VN && f.subcode() == subcode) {
                    return true;
                }
            }
        }
        return false;
    }

    static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
