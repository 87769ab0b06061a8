package io.quiver.transport.fcoe.impl.port;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.quiver.linux.NetDevice;
import io.quiver.linux.PacketSocket;
import io.quiver.transport.fcoe.impl.fip.Fip;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;
import io.quiver.transport.fcoe.impl.frame.MacAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The link's batched send (one {@code sendmmsg} per {@link PacketLink#BATCH} frames) on a veth pair in a
 * namespace the test makes and deletes ({@code qfcoefrPID}): a sequence longer than two batches, with a FIP
 * frame and a frame beyond the MTU among its FCoE frames, arrives on the peer in order, the FIP frame on the
 * FIP socket, the oversized one nowhere, and every frame handed to the link is released once. Needs root.
 */
class PacketLinkBatchTest {

    private static final int FRAMES = 2 * PacketLink.BATCH + 23;
    private static final int FIP_AT = 70;
    private static final int OVERSIZED_AT = 100;

    @Test
    void aSequenceLeavesInOrderInBatches() throws Exception {
        String ns = PacketLinkTest.vethNamespace("qfcoefr", "fcoefa", "fcoefb");
        try (PacketSocket fcoePeer = PacketLinkTest.peerSocket(ns, "fcoefb", FcoeCodec.ETHERTYPE_FCOE);
                PacketSocket fipPeer = PacketLinkTest.peerSocket(ns, "fcoefb", Fip.ETHERTYPE);
                PacketLink link = PacketLink.open("fcoefa", ns, null);
                Arena arena = Arena.ofConfined()) {
            fcoePeer.receiveBuffer(8 << 20); // the whole sequence waits in it
            byte[] peerMac = NetDevice.hardwareAddress(fcoePeer.fd(), "fcoefb");
            List<ByteBuf> frames = new ArrayList<>();
            for (int i = 0; i < FRAMES; i++) {
                int length = i == OVERSIZED_AT ? 14 + link.mtu() + 100 : length(i, link.mtu());
                ByteBuf f = PooledByteBufAllocator.DEFAULT.directBuffer(length);
                f.writeBytes(peerMac).writeBytes(MacAddress.bytes(link.mac()));
                f.writeShort(i == FIP_AT ? Fip.ETHERTYPE : FcoeCodec.ETHERTYPE_FCOE).writeInt(i);
                f.writeZero(length - f.readableBytes());
                frames.add(f);
            }
            List<ByteBuf> sent = List.copyOf(frames);
            link.send(frames);
            for (ByteBuf f : sent) {
                assertEquals(0, f.refCnt(), "every frame released once");
            }
            MemorySegment buffer = arena.allocate(16384);
            List<Integer> fcoe = new ArrayList<>();
            for (int n; (n = fcoePeer.receive(buffer, fcoe.size() < FRAMES - 2 ? 5000 : 200)) > 0; ) {
                int seq = buffer.asByteBuffer().getInt(14);
                assertEquals(length(seq, link.mtu()), n, "frame " + seq);
                fcoe.add(seq);
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < FRAMES; i++) {
                if (i != FIP_AT && i != OVERSIZED_AT) {
                    expected.add(i);
                }
            }
            assertEquals(expected, fcoe, "the FCoE frames in order, the oversized one refused alone");
            assertEquals(length(FIP_AT, link.mtu()), fipPeer.receive(buffer, 5000));
            assertEquals(FIP_AT, buffer.asByteBuffer().getInt(14));
        } finally {
            PacketLinkTest.run("ip", "netns", "del", ns);
        }
    }

    /** Frame {@code i}'s length: 60 bytes to the MTU, varying. */
    private static int length(int i, int mtu) {
        return 60 + i * 97 % (mtu - 60);
    }
}
