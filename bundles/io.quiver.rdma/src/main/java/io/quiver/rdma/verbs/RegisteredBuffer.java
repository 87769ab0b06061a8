package io.quiver.rdma.verbs;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A direct ByteBuf over one piece of registered memory that, when its reference count drops to zero, hands
 * the piece back through {@code onFree} instead of freeing it: to the pool for allocator buffers, to the
 * receive queue for received messages. If the buffer grows past its piece, Netty moves it to unregistered
 * memory; the piece is still given back once, and posts of the grown buffer go through a bounce buffer.
 * Not thread-safe beyond Netty's reference counting.
 */
final class RegisteredBuffer extends UnpooledDirectByteBuf {

    private final ByteBuffer piece;
    private final Consumer<ByteBuffer> onFree;

    RegisteredBuffer(ByteBufAllocator alloc, ByteBuffer piece, int maxCapacity, Consumer<ByteBuffer> onFree) {
        super(alloc, piece, Math.max(maxCapacity, piece.remaining()));
        this.piece = piece;
        this.onFree = onFree;
    }

    @Override
    protected void deallocate() {
        super.deallocate();
        onFree.accept(piece);
    }
}
