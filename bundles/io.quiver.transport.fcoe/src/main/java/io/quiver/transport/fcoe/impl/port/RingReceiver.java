package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.linux.Errno;
import io.quiver.linux.LinuxException;
import io.quiver.linux.FrameRing;
import io.quiver.linux.PacketRing;
import io.quiver.linux.PacketSocket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FCoE data path's receive loop over a TPACKET_V2 ring (see {@link FrameRing}): the kernel writes each frame
 * straight into a slot of memory shared with us and hands it over at once, waking {@code poll}; each frame goes
 * on as a view of the ring (no copy, no {@code recv} per frame), valid until the handler returns, and its slot
 * goes back to the kernel then. Not TPACKET_V3: a V3 block reaches the reader only when full or when its retire
 * timer (1 ms at the least) runs out, and the few small frames of 4 KiB commands never fill one, so every
 * FCP_CMND, XFER_RDY and FCP_RSP waited for the timer (about 1.3 ms per command at QD32; docs/benchmarks.md,
 * "FCoE beside iSCSI"). The ring holds more frames than a socket buffer of the same memory, which counts each
 * frame's whole socket buffer (some 2.3 KiB for a 1.5 KiB frame) against its limit ({@code ReceiveRingTest}
 * measures both). Runs on its own thread.
 */
final class RingReceiver implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RingReceiver.class);
    /**
     * 64 KiB blocks of 28 slots of {@link #FRAME_SIZE}: 384 blocks are 24 MiB, 10,752 frames of any size.
     * A slot costs its size whatever the frame's, so the ring needs more memory than V3's 16 MiB (which packed
     * some 9 000 full-size frames) to hold at least as many frames as the plain socket's 8 MiB receive buffer.
     */
    static final int BLOCK_SIZE = 64 << 10;
    static final int BLOCKS = 384;
    /**
     * One slot: the kernel's 66-byte head (tpacket2_hdr, sockaddr_ll, alignment) and the largest FCoE frame,
     * 2,176 bytes (Ethernet, an 802.1Q tag, FCoE header, FC header, 2,112 bytes of payload, CRC, EOF),
     * rounded up to the 16 bytes the kernel wants.
     */
    static final int FRAME_SIZE = 2304;
    /**
     * How long the reader watches the ring after a frame before it sleeps in {@code poll}: 50 us, or the system
     * property {@code quiver.fcoe.receiveSpinNanos} (0 never spins; bench/fcoe.sh's {@code FCB_SPIN} compares).
     */
    static final long SPIN_NANOS = Math.max(0, Long.getLong("quiver.fcoe.receiveSpinNanos", 50_000));

    private final String name;
    private final PacketSocket socket;
    private final FrameRing ring;
    private final Consumer<ByteBuf> handler;
    private final PcapWriter pcap;
    private final BooleanSupplier running;

    RingReceiver(String name, PacketSocket socket, FrameRing ring, Consumer<ByteBuf> handler, PcapWriter pcap,
            BooleanSupplier running) {
        this.name = name;
        this.socket = socket;
        this.ring = ring;
        this.handler = handler;
        this.pcap = pcap;
        this.running = running;
    }

    /** Maps the receive ring on {@code socket} (bound, before frames matter). */
    static FrameRing map(PacketSocket socket) throws LinuxException {
        return socket.frameRing(BLOCK_SIZE, BLOCKS, FRAME_SIZE);
    }

    /**
     * After frames came, watches the ring for {@link #SPIN_NANOS} before the next {@code poll} sleeps: a burst's
     * next frame is usually microseconds away, and a sleeping reader costs the sender a wake-up and itself a
     * context switch per frame.
     */
    private void spin() {
        long end = System.nanoTime() + SPIN_NANOS;
        while (!ring.ready() && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void run() {
        PacketRing.FrameHandler each = (memory, offset, length) -> {
            // a failing frame must not stop the frames after it nor keep its slot from the kernel
            try {
                ByteBuf frame = Unpooled.wrappedBuffer(memory.asSlice(offset, length).asByteBuffer());
                if (pcap != null) {
                    pcap.write(frame);
                }
                handler.accept(frame);
            } catch (RuntimeException e) {
                LOG.warn("fcst {}: frame handling failed", name, e);
            }
        };
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = arena.allocate(64);
            while (running.getAsBoolean()) {
                try {
                    if (ring.receive(each, 100) > 0) {
                        spin();
                    } else {
                        // poll also wakes for a socket error (ENETDOWN while the link is down), which only a
                        // recv clears; with a ring no frame waits in the socket's queue, so this reads none
                        socket.receive(scratch, 0);
                    }
                } catch (LinuxException e) {
                    if (running.getAsBoolean() && e.errno() != Errno.EAGAIN) {
                        LOG.warn("fcst {}: receive failed: {}", name, e.getMessage());
                    }
                }
            }
        }
    }
}
