package io.quiver.sbc;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link BlockStore} that hands every call to another one: the base of stores that change a few
 * calls of a store they wrap (a view that must not close the store it shares, a layer that adds to
 * writes). Thread-safe as the store it wraps.
 */
@ConsumerType
public abstract class ForwardingBlockStore implements BlockStore {

    /** The store every call goes to unless a subclass overrides it. */
    protected final BlockStore store;

    protected ForwardingBlockStore(BlockStore store) {
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
    public int physicalBlockExponent() {
        return store.physicalBlockExponent();
    }

    @Override
    public boolean mayBlock() {
        return store.mayBlock();
    }

    @Override
    public boolean memoryBacked() {
        return store.memoryBacked();
    }

    @Override
    public boolean readsCached() {
        return store.readsCached();
    }

    @Override
    public boolean readCached(long lba, int blocks, ByteBuf dst) throws IOException {
        return store.readCached(lba, blocks, dst);
    }

    @Override
    public boolean lendsBlocks() {
        return store.lendsBlocks();
    }

    @Override
    public ByteBuf lendBlocks(long lba, int blocks) throws IOException {
        return store.lendBlocks(lba, blocks);
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
    public int maxAtomicBlocks() {
        return store.maxAtomicBlocks();
    }

    @Override
    public void writeAtomic(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        store.writeAtomic(lba, src, forceUnitAccess);
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
    public void flush() throws IOException {
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

    @Override
    public void close() throws IOException {
        store.close();
    }
}
