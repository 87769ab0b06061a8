package io.quiver.handler.fileio.impl.channel;

import java.io.IOException;

/**
 * A channel store's logical block provisioning (SBC-3 4.7) in blocks, over a {@link SparseFile} in bytes:
 * UNMAP punches holes, GET LBA STATUS reports runs of mapped blocks (any data in them) and deallocated
 * ones (whole blocks inside one hole, found with SEEK_DATA and SEEK_HOLE). Without a sparse file the store
 * is fully provisioned: LBPME 0, UNMAP refused, every block mapped; writing zeros is never passed off as
 * a deallocation.
 *
 * <p>Thread-safe as {@link SparseFile} is: positional calls, and each {@code lseek} answers on its own.
 */
final class ThinProvisioning implements AutoCloseable {

    private final SparseFile holes;
    private final int blockSize;

    /** @param holes the file's hole punching, owned and closed here, or {@code null} for none */
    ThinProvisioning(SparseFile holes, int blockSize) {
        this.holes = holes;
        this.blockSize = blockSize;
    }

    /** Whether deallocation is real (LBPME). */
    boolean enabled() {
        return holes != null;
    }

    void unmap(long lba, long blocks) throws IOException {
        if (holes == null) {
            throw new UnsupportedOperationException("not thin provisioned");
        }
        holes.punchHole(lba * blockSize, blocks * blockSize);
    }

    /** Blocks from {@code lba} in one state, at most {@code maxBlocks}: positive if mapped, negative if not. */
    long extent(long lba, long maxBlocks) throws IOException {
        if (holes == null) {
            return maxBlocks;
        }
        long pos = lba * blockSize;
        long data = holes.nextData(pos);
        if (data < 0 || data >= pos + blockSize) {
            long holeBlocks = data < 0 ? maxBlocks : (data - pos) / blockSize;
            return -Math.min(maxBlocks, holeBlocks);
        }
        long hole = holes.nextHole(data);
        long mappedBlocks = (hole - pos + blockSize - 1) / blockSize;
        return Math.min(maxBlocks, Math.max(1, mappedBlocks));
    }

    @Override
    public void close() throws IOException {
        if (holes != null) {
            holes.close();
        }
    }
}
