package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Where whole Ethernet frames leave: the packet link, or a test's recorder. Thread-safe; never blocks for
 * long (a packet socket's send returns once the kernel queued the frame).
 */
public interface FrameOutput {

    /** Sends the frame's readable bytes and releases it. */
    void send(ByteBuf frame);

    /**
     * Sends the frames in order, with nothing else between them (the frames of one sequence), and releases
     * each: the packet link hands them to the kernel in one system call. By default one {@link #send} each.
     */
    default void send(List<ByteBuf> frames) {
        for (ByteBuf frame : frames) {
            send(frame);
        }
    }
}
