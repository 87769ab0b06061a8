package io.quiver.handler.ramdisk.impl;

import io.quiver.sbc.ForwardingBlockStore;

/**
 * The view of a {@link MemoryBlockStore} one SbcDevice gets: everything delegates except
 * {@link #close()}, so replacing the device after a configuration change (new identity, read_only...)
 * keeps the ramdisk's data; the component frees the memory itself when the configuration goes away.
 * Thread-safe as the store.
 */
final class RetainedStore extends ForwardingBlockStore {

    RetainedStore(MemoryBlockStore store) {
        super(store);
    }

    /** Leaves the memory to its owner (the component). */
    @Override
    public void close() {
    }
}
