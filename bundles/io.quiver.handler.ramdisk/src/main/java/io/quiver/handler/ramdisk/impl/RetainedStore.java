package io.quiver.handler.ramdisk.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.sbc.BlockStore;
import java.io.IOException;

/**
 * The view of a {@link MemoryBlockStore} one SbcDevice gets: everything delegates except
 * {@link #close()}, so replacing the device after a configuration change (new identity, read_only...)
 * keeps the ramdisk's data; the component frees the memory itself when the configuration goes away.
 * Thread-safe as the store.
 */
final class RetainedStore implements BlockStore {

    private final MemoryBlockStore store;

    RetainedStore(MemoryBlockStore store) {
        this.store = store;
    }

    @Override
    public int blockSize() {
        return store.blockSize();
    }

    @Override
    public long capacityBlocks() {
        return store.capacityBlocks();
    }

    @Override
    public boolean mayBlock() {
        return store.mayBlock();
    }

    @Override
    public void read(long lba, int blocks, ByteBuf dst) throws IOException {
        store.read(lba, blocks, dst);
    }

    @Override
    public void write(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        store.write(lba, src, forceUnitAccess);
    }

    @Override
    public int protectionType() {
        return store.protectionType();
    }

    @Override
    public void readProtection(long lba, int blocks, ByteBuf dst) throws IOException {
        store.readProtection(lba, blocks, dst);
    }

    @Override
    public void writeProtection(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        store.writeProtection(lba, src, forceUnitAccess);
    }

    @Override
    public int maxAtomicBlocks() {
        return store.maxAtomicBlocks();
    }

    @Override
    public void writeAtomic(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        store.writeAtomic(lba, src, forceUnitAccess);
    }

    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public boolean thinProvisioned() {
        return store.thinProvisioned();
    }

    @Override
    public void unmap(long lba, long blocks) throws IOException {
        store.unmap(lba, blocks);
    }

    @Override
    public long provisioningExtent(long lba, long maxBlocks) throws IOException {
        return store.provisioningExtent(lba, maxBlocks);
    }

    /** Leaves the memory to its owner (the component). */
    @Override
    public void close() {
    }
}
