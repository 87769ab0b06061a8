package io.quiver.handler.nullio.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class NullBlockStoreTest {

    @Test
    void readsZerosAfterAnyWrite() {
        NullBlockStore store = new NullBlockStore(4096, 1L << 30);
        ByteBuf ones = PooledByteBufAllocator.DEFAULT.directBuffer(8192);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(8192);
        try {
            while (ones.isWritable()) {
                ones.writeByte(1);
            }
            store.write(5, ones, true);
            assertEquals(8192, ones.readableBytes(), "the source is not consumed");
            store.read(5, 2, out);
            assertEquals(8192, out.readableBytes());
            for (int i = 0; i < 8192; i++) {
                assertEquals(0, out.getByte(i));
            }
        } finally {
            ones.release();
            out.release();
        }
    }

    @Test
    void anySizeNeverBlocksAndEverythingIsDeallocated() {
        NullBlockStore store = new NullBlockStore(512, 1L << 40);
        assertEquals(1L << 40, store.capacityBlocks());
        assertFalse(store.mayBlock());
        assertTrue(store.thinProvisioned());
        assertEquals(-100, store.provisioningExtent(7, 100));
        store.resize(10);
        assertEquals(10, store.capacityBlocks());
        assertThrows(IllegalArgumentException.class, () -> new NullBlockStore(1024, 10));
        assertThrows(IllegalArgumentException.class, () -> new NullBlockStore(512, 0));
    }
}
