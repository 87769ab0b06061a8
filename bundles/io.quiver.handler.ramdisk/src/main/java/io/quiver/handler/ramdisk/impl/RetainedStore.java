package io.quiver.handler.ramdisk.impl;

import io.quiver.sbc.ForwardingBlockStore;

/**
 * The view of a {@link MemoryBlockStore} one SbcDevice gets: everything delegates except
 * {@link #close()} and the reported physical block exponent (a property of the device, not of its memory), so replacing the device after a configuration change (new identity, read_only...)
 * keeps the ramdisk's data; the component frees the memory itself when the configuration goes away.
 * Thread-safe as the store.
 */
final class RetainedStore extends ForwardingBlockStore {

    private final int physicalBlockExponent;

    /** @param physicalBlockExponent what READ CAPACITY (16) reports ({@code physblk_exp}) */
    RetainedStore(MemoryBlockStore store, int physicalBlockExponent) {
        super(store);
        if (physicalBlockExponent < 0 || physicalBlockExponent > 15) {
            throw new IllegalArgumentException("physblk_exp must be 0-15: " + physicalBlockExponent);
        }
        this.physicalBlockExponent = physicalBlockExponent;
    }

    @Override
    public int physicalBlockExponent() {
        return physicalBlockExponent;
    }

    /** Leaves the memory to its owner (the component). */
    @Override
    public void close() {
    }
}
