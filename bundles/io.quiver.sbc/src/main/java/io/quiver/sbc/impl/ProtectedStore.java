package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.sbc.BlockStore;
import io.quiver.sbc.ForwardingBlockStore;
import java.io.IOException;

/**
 * The store a device formatted with protection information is served through: every write that brings no
 * protection information of its own (WRITE with WRPROTECT 0, WRITE SAME, ORWRITE, COMPARE AND WRITE,
 * SANITIZE, EXTENDED COPY) gets the generated one (guard, application tag 0, reference tag = LBA), and
 * deallocated blocks get all ones (the escape: an unmapped block reads as zeros with nothing to check).
 * Only {@link ProtectedReadWrite} writes an initiator's protection information, through
 * {@link #writeWithProtection}. Data and protection information are two writes: a crash between them can
 * leave a block whose guard no longer matches, which a later protected READ reports as a guard check
 * failure rather than returning wrong data. Thread-safe as the store.
 */
final class ProtectedStore extends ForwardingBlockStore {

    private static final int ESCAPE_CHUNK_BLOCKS = 8192;

    private final ByteBufAllocator alloc;

    /** @param store a store whose protection type is not 0 */
    ProtectedStore(BlockStore store, ByteBufAllocator alloc) {
        super(store);
        this.alloc = alloc;
    }

    /** Writes data and the initiator's protection information for it. */
    void writeWithProtection(long lba, ByteBuf data, ByteBuf pi, boolean forceUnitAccess) throws IOException {
        store.write(lba, data, forceUnitAccess);
        store.writeProtection(lba, pi, forceUnitAccess);
    }

    @Override
    public void write(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        store.write(lba, src, forceUnitAccess);
        writeGenerated(lba, src, forceUnitAccess);
    }

    @Override
    public void writeAtomic(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        store.writeAtomic(lba, src, forceUnitAccess);
        writeGenerated(lba, src, forceUnitAccess);
    }

    private void writeGenerated(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        ByteBuf pi = alloc.buffer(src.readableBytes() / store.blockSize() * ProtectionInformation.BYTES);
        try {
            ProtectionInformation.generate(store.protectionType(), src, store.blockSize(), lba, pi);
            store.writeProtection(lba, pi, forceUnitAccess);
        } finally {
            pi.release();
        }
    }

    @Override
    public void unmap(long lba, long blocks) throws IOException {
        store.unmap(lba, blocks);
        resetProtection(lba, blocks);
    }

    /** Sets the protection information of the blocks to all ones: nothing to check until written. */
    void resetProtection(long lba, long blocks) throws IOException {
        fillProtection(lba, blocks, -1L, false);
    }

    /**
     * Writes {@code first} (the 8 bytes of guard, application tag, reference tag) as the protection
     * information of every block, its reference tag counting up by one per block if
     * {@code incrementReference} (WRITE SAME on types 1, 2).
     */
    void fillProtection(long lba, long blocks, long first, boolean incrementReference) throws IOException {
        int chunk = (int) Math.min(blocks, ESCAPE_CHUNK_BLOCKS);
        ByteBuf buf = alloc.buffer(chunk * ProtectionInformation.BYTES);
        try {
            for (long done = 0; done < blocks; done += chunk) {
                int n = (int) Math.min(chunk, blocks - done);
                buf.clear();
                for (int i = 0; i < n; i++) {
                    long ref = incrementReference ? (first + done + i) & 0xFFFFFFFFL : first & 0xFFFFFFFFL;
                    buf.writeLong(first & 0xFFFFFFFF00000000L | ref);
                }
                store.writeProtection(lba + done, buf, false);
            }
        } finally {
            buf.release();
        }
    }
}
