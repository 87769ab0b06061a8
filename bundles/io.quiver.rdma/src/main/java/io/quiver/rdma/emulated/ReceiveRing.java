package io.quiver.rdma.emulated;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The receive queue of one queue pair: {@code receiveQueueDepth} pooled direct buffers of
 * {@code receiveBufferSize} bytes. A message is handed to the handler as a retained slice of its buffer, so
 * the buffer counts as posted again exactly when the handler releases the message (reference count back to
 * the ring's own 1): a handler that holds messages leaves no buffer posted and the peer meets
 * receiver-not-ready. Used on the wire thread only.
 */
final class ReceiveRing {
    private final ByteBuf[] slots;
    private int next;
    private boolean released;

    ReceiveRing(ByteBufAllocator allocator, int depth, int bufferSize) {
        slots = new ByteBuf[depth];
        for (int i = 0; i < depth; i++) {
            slots[i] = allocator.directBuffer(bufferSize, bufferSize);
        }
    }

    /** The next posted buffer, emptied, or null when none is posted (every one is with the handler). */
    ByteBuf take() {
        if (released) {
            return null;
        }
        for (int i = 0; i < slots.length; i++) {
            int index = (next + i) % slots.length;
            if (slots[index].refCnt() == 1) {
                next = index + 1;
                return slots[index].clear();
            }
        }
        return null;
    }

    /** Buffers posted now (not held by the handler): what a flush reports. */
    int posted() {
        if (released) {
            return 0;
        }
        int posted = 0;
        for (ByteBuf slot : slots) {
            posted += slot.refCnt() == 1 ? 1 : 0;
        }
        return posted;
    }

    /** Drops the ring's own references; messages the handler still holds stay valid until it releases them. */
    void release() {
        if (!released) {
            released = true;
            for (ByteBuf slot : slots) {
                slot.release();
            }
        }
    }
}
