package io.quiver.sbc;

import io.netty.buffer.ByteBuf;

/** A store with a settable capacity and nothing in it. */
final class SizedStore implements BlockStore {
    volatile long blocks = 2048;
    final boolean mayBlock;
    boolean memoryBacked;
    boolean closed;

    SizedStore(boolean mayBlock) {
        this.mayBlock = mayBlock;
    }

    @Override public int blockSize() { return 4096; }
    @Override public long capacityBlocks() { return blocks; }
    @Override public boolean mayBlock() { return mayBlock; }
    @Override public boolean memoryBacked() { return memoryBacked; }
    @Override public void read(long lba, int n, ByteBuf dst) { dst.writeZero(n * 4096); }
    @Override public void write(long lba, ByteBuf src, boolean fua) { }
    @Override public void flush() { }
    @Override public void close() { closed = true; }
}
