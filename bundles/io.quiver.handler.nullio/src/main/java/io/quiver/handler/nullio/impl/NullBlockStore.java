package io.quiver.handler.nullio.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.sbc.BlockStore;

/**
 * A store that keeps nothing (SCST's vdisk_nullio): reads return zeros, writes are accepted and dropped,
 * any size. For measuring the transport and the core alone. Every block is reported deallocated (thin,
 * LBPRZ), which is the truth: nothing written is kept and everything reads as zeros.
 *
 * <p>Never blocks; thread-safe. The capacity may change at run time ({@link #resize}).
 */
final class NullBlockStore implements BlockStore {

    private final int blockSize;
    private volatile long capacityBlocks;

    NullBlockStore(int blockSize, long capacityBlocks) {
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("blocksize must be 512 or 4096: " + blockSize);
        }
        if (capacityBlocks < 1) {
            throw new IllegalArgumentException("size must hold at least one block");
        }
        this.blockSize = blockSize;
        this.capacityBlocks = capacityBlocks;
    }

    void resize(long blocks) {
        if (blocks < 1) {
            throw new IllegalArgumentException("size must hold at least one block");
        }
        this.capacityBlocks = blocks;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long capacityBlocks() {
        return capacityBlocks;
    }

    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public void read(long lba, int blocks, ByteBuf dst) {
        dst.writeZero(blocks * blockSize);
    }

    @Override
    public void write(long lba, ByteBuf src, boolean forceUnitAccess) {
        // Dropped: nullio keeps nothing.
    }

    @Override
    public void flush() {
    }

    @Override
    public boolean thinProvisioned() {
        return true;
    }

    @Override
    public void unmap(long lba, long blocks) {
    }

    @Override
    public long provisioningExtent(long lba, long maxBlocks) {
        return -maxBlocks;
    }

    @Override
    public void close() {
    }
}
