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
        String ns = "qfcoe" + ProcessHandle.current().pid();
        Assumptions.assumeTrue(run("ip", "netns", "add", ns) == 0, "cannot create a network namespace (not root?)");
        try {
            Assumptions.assumeTrue(run("ip", "-n", ns, "link", "add", "fcoea", "type", "veth", "peer", "name", "fcoeb") == 0,
                    "no veth devices here");
            assertEquals(0, run("ip", "-n", ns, "link", "set", "fcoea", "up"));
            assertEquals(0, run("ip", "-n", ns, "link", "set", "fcoeb", "up"));
            CompletableFuture<PacketSocket> peer = new CompletableFuture<>();
            CompletableFuture<int[]> peerIds = new CompletableFuture<>();
            Thread opener = new Thread(() -> {
                try {
                    Namespace.enter("/run/netns/" + ns, Namespace.CLONE_NEWNET);
                    PacketSocket s = PacketSocket.open(Fip.ETHERTYPE);
                    int index = NetDevice.index(s.fd(), "fcoeb");
                    s.bind(index);
                    peerIds.complete(new int[] {index});
                    peer.complete(s);
                } catch (Throwable t) {
                    peer.completeExceptionally(t);
                }
            });
            opener.start();
            try (PacketSocket initiator = peer.get(10, TimeUnit.SECONDS);
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
                MemorySegment out = arena.allocate(claim.readableBytes());
                claim.getBytes(0, out.asByteBuffer());
                claim.release();
                initiator.send(out);
                assertTrue(awaitSubcode(initiator, buffer, Fip.SC_CLAIM_RESPONSE), "claim response");
                assertEquals(0, port.dropped());
            }
        } finally {
            run("ip", "netns", "del", ns);
        }
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

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
