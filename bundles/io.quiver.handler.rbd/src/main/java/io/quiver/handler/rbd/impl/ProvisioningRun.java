package io.quiver.handler.rbd.impl;

import io.quiver.linux.RbdImage;

/**
 * One GET LBA STATUS answer built from librbd's written extents (bytes, ascending, as
 * {@code rbd_diff_iterate2} reports them): the run of blocks from the first one that share its provisioning
 * status. A block is mapped when any byte of it was written, so an extent smaller than a block or not aligned
 * to blocks maps every block it touches, and a block is deallocated only when no extent touches it (as
 * fileio's SEEK_DATA/SEEK_HOLE answer rounds). The run is decided by the first extent that does not continue
 * it; {@link #extent} then returns false so that librbd stops listing objects.
 *
 * <p>Not thread-safe: one per query; librbd calls it one extent at a time.
 */
final class ProvisioningRun implements RbdImage.Extents {

    /** The most of the image one run lists: 256 objects of the default 4 MiB, one descriptor's worth. */
    static final long MAX_BYTES = 1L << 30;

    private final long start;
    private final long end;
    private final int blockSize;
    /** End (bytes, on a block boundary) of the mapped run that starts at {@code start}; -1 while none is seen. */
    private long mappedEnd = -1;
    /** The answer once an extent decided it; 0 while open. */
    private long decided;

    /** The run from block {@code lba}, looked for in at most {@code blocks} blocks. */
    ProvisioningRun(long lba, long blocks, int blockSize) {
        this.start = lba * blockSize;
        this.end = start + blocks * blockSize;
        this.blockSize = blockSize;
    }

    /** The run from block {@code lba} in at most {@code maxBlocks} blocks and {@link #MAX_BYTES}. */
    static ProvisioningRun bounded(long lba, long maxBlocks, int blockSize) {
        return new ProvisioningRun(lba, Math.min(maxBlocks, MAX_BYTES / blockSize), blockSize);
    }

    /** The byte offset to start listing at. */
    long offset() {
        return start;
    }

    /** The bytes to list. */
    long length() {
        return end - start;
    }

    @Override
    public boolean extent(long offset, long length, boolean exists) {
        long from = Math.max(offset, start);
        long to = Math.min(offset + length, end);
        if (!exists || from >= to || decided != 0) {
            // not data (a parent's discarded range) or outside the query: changes nothing
            return decided == 0;
        }
        long firstBlock = from - (from - start) % blockSize;
        long pastLastBlock = to + (blockSize - (to - start) % blockSize) % blockSize;
        if (mappedEnd < 0) {
            if (firstBlock > start) {
                // the first block has no data: a deallocated run up to the block this extent touches
                decided = -(firstBlock - start) / blockSize;
                return false;
            }
            mappedEnd = pastLastBlock;
        } else if (firstBlock > mappedEnd) {
            // a whole block without data: the mapped run ends before it
            decided = (mappedEnd - start) / blockSize;
            return false;
        } else {
            mappedEnd = Math.max(mappedEnd, pastLastBlock);
        }
        return true;
    }

    /**
     * The answer once librbd has listed everything or been stopped: mapped blocks as a positive count,
     * deallocated ones as a negative count, never 0.
     */
    long blocks() {
        if (decided != 0) {
            return decided;
        }
        if (mappedEnd < 0) {
            return -(end - start) / blockSize;
        }
        return (Math.min(mappedEnd, end) - start) / blockSize;
    }
}
