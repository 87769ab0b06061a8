package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;

/**
 * Where whole Ethernet frames leave: the packet link, or a test's recorder. Thread-safe; never blocks for
 * long (a packet socket's send returns once the kernel queued the frame).
 */
public interface FrameOutput {

    /** Sends the frame's readable bytes and releases it. */
    void send(ByteBuf frame);
}
