package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;

/**
 * A READ's data as the store lent it ({@link io.quiver.sbc.BlockStore#lendBlocks}): the store's own memory,
 * which every later write to those blocks changes. So the command set holds the blocks' range shared from
 * before the loan until this buffer is deallocated, that is until its last reference (the transport's last
 * Data-In slice) is released after the data was written to the socket, or the transport dropped it; writers
 * to the range wait until then, and a READ returns the blocks as they were when it completed, as a copied
 * one does. One component, so the transport gathers it as it does a pooled buffer.
 *
 * <p>Threading: the range is released on whichever thread releases the last reference (a Netty event loop).
 */
final class LentBlocks extends CompositeByteBuf {

    private final RangeLock.Grant range;

    /** Takes ownership of {@code lent}; {@code range} is released exactly once, with the buffer. */
    LentBlocks(ByteBuf lent, RangeLock.Grant range) {
        super(lent.alloc(), lent.isDirect(), 1, lent);
        this.range = range;
    }

    @Override
    protected void deallocate() {
        try {
            super.deallocate();
        } finally {
            range.release();
        }
    }
}
