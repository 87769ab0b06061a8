package io.quiver.rdma.verbs;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.quiver.rdma.RdmaException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The {@link io.quiver.rdma.RdmaEndpoint#allocator()} of one device: direct buffers whose memory lies in the
 * device's {@link RegisteredPool}, so SENDs, RDMA WRITE sources and READ targets need no copy. Heap buffers
 * are plain heap buffers (posting them copies). Leak detection applies as for Netty's own allocators.
 * Thread-safe.
 */
final class RegisteredAllocator extends AbstractByteBufAllocator {

    private final RegisteredPool pool;

    RegisteredAllocator(RegisteredPool pool) {
        super(true);
        this.pool = pool;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        ByteBuffer piece;
        try {
            piece = pool.take(Math.max(initialCapacity, 1));
        } catch (RdmaException e) {
            // registration refused (memlock limit): an unregistered buffer still works, through a bounce
            return Unpooled.directBuffer(initialCapacity, maxCapacity);
        }
        // the buffer's capacity is what was asked for, not the power-of-two piece behind it
        return wrap(piece.limit(Math.max(initialCapacity, 1)), maxCapacity, p -> pool.give(p.clear()));
    }

    /**
     * A leak-tracked, empty buffer over {@code piece} (its limit is the capacity) that calls {@code onFree}
     * once. Empty: Netty's wrapping constructor would count the piece's old bytes as written.
     */
    ByteBuf wrap(ByteBuffer piece, int maxCapacity, Consumer<ByteBuffer> onFree) {
        return toLeakAwareBuffer(new RegisteredBuffer(this, piece, maxCapacity, onFree).clear());
    }

    /** The pool behind this allocator. */
    RegisteredPool pool() {
        return pool;
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return Unpooled.buffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return true;
    }

    /**
     * A direct ByteBuf over one piece of registered memory that, when its reference count drops to zero, hands
     * the piece back through {@code onFree} instead of freeing it: to the pool for allocator buffers, to the
     * receive queue for received messages. If the buffer grows past its piece, Netty moves it to unregistered
     * memory; the piece is still given back once, and posts of the grown buffer go through a bounce buffer.
     * Not thread-safe beyond Netty's reference counting.
     */
    static final class RegisteredBuffer extends UnpooledDirectByteBuf {

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
}
