package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.linux.Errno;
import io.quiver.linux.LinuxException;
import io.quiver.linux.PacketRing;
import io.quiver.linux.PacketSocket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FCoE data path's receive loop over a TPACKET_V3 ring (see {@link PacketRing}): the kernel writes frames
 * straight into blocks of memory shared with us and hands a block over when it is full or its retire timer
 * ran out; each frame goes on as a view of the ring (no copy, no {@code recv} per frame), valid until the
 * handler returns, and the block goes back to the kernel after its last frame. For the same memory the ring
 * holds more frames than a socket buffer, which counts each frame's whole socket buffer (some 2.3 KiB for a
 * 1.5 KiB frame) against its limit ({@code ReceiveRingTest} measures both). Runs on its own thread.
 */
final class RingReceiver implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RingReceiver.class);
    /**
     * 256 blocks of 64 KiB (40 full-size frames each): 16 MiB, the memory a plain socket with
     * {@link PacketLink#RECEIVE_BUFFER} may take (the kernel doubles SO_RCVBUF for its bookkeeping). Small
     * blocks because the 1 ms retire timer hands blocks over part-filled whenever the sender pauses: with
     * 256 KiB blocks a stalled receiver's ring held only some 6 400 frames of a burst, with 64 KiB all 9 000.
     */
    static final int BLOCK_SIZE = 64 << 10;
    static final int BLOCKS = 256;
    /** Frame slot hint (the V3 ring packs frames of any size into a block). */
    static final int FRAME_SIZE = 2048;
    /**
     * How long a block that is not full waits before the kernel hands it over, in milliseconds (the kernel
     * rounds up to a jiffy): the latency a lone frame (an FCP_CMND, a last data frame) may see.
     */
    static final int RETIRE_MILLIS = 1;

    private final String name;
    private final PacketSocket socket;
    private final PacketRing ring;
    private final Consumer<ByteBuf> handler;
    private final PcapWriter pcap;
    private final BooleanSupplier running;

    RingReceiver(String name, PacketSocket socket, PacketRing ring, Consumer<ByteBuf> handler, PcapWriter pcap,
            BooleanSupplier running) {
        this.name = name;
        this.socket = socket;
        this.ring = ring;
        this.handler = handler;
        this.pcap = pcap;
        this.running = running;
    }

    /** Maps the receive ring on {@code socket} (bound, before frames matter). */
    static PacketRing map(PacketSocket socket) throws LinuxException {
        return socket.ring(false, BLOCK_SIZE, BLOCKS, FRAME_SIZE, RETIRE_MILLIS);
    }

    @Override
    public void run() {
        PacketRing.FrameHandler each = (memory, offset, length) -> {
            // a failing frame must not stop the block's other frames nor keep the block from the kernel
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
                    if (ring.receive(each, 100) == 0) {
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
