package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.linux.LinuxException;
import io.quiver.linux.PacketSocket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A receive loop with one {@code recv} per frame into a native buffer of its own, each frame handed on as a
 * view of that buffer valid until the handler returns: the FIP socket's, and the FCoE socket's where the kernel
 * refused the ring ({@link RingReceiver}). Waits at most 100 ms per {@code recv}, then runs the optional
 * {@code tick} (the FIP controller's clock). A failed {@code recv} (ENETDOWN while the link is down) is logged
 * and the loop goes on. Runs on its own thread.
 */
final class PlainReceiver implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PlainReceiver.class);
    static final int BUFFER = 16384;

    private final String name;
    private final PacketSocket socket;
    private final Consumer<ByteBuf> handler;
    private final Runnable tick;
    private final PcapWriter pcap;
    private final BooleanSupplier running;

    PlainReceiver(String name, PacketSocket socket, Consumer<ByteBuf> handler, Runnable tick, PcapWriter pcap,
            BooleanSupplier running) {
        this.name = name;
        this.socket = socket;
        this.handler = handler;
        this.tick = tick;
        this.pcap = pcap;
        this.running = running;
    }

    @Override
    public void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(BUFFER, 64);
            ByteBuffer view = buffer.asByteBuffer();
            while (running.getAsBoolean()) {
                try {
                    int n = socket.receive(buffer, 100);
                    if (n > 0) {
                        ByteBuf frame = Unpooled.wrappedBuffer(view.duplicate().limit(n));
                        if (pcap != null) {
                            pcap.write(frame);
                        }
                        handler.accept(frame);
                    }
                    if (tick != null) {
                        tick.run();
                    }
                } catch (LinuxException e) {
                    if (running.getAsBoolean()) {
                        LOG.warn("fcst {}: receive failed: {}", name, e.getMessage());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("fcst {}: frame handling failed", name, e);
                }
            }
        }
    }
}
