package io.quiver.handler.rbd.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.linux.Errno;
import io.quiver.linux.LinuxException;
import io.quiver.linux.RbdImage;
import io.quiver.sbc.BlockStore;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * A {@link BlockStore} over an open RBD image: every read and write is librbd asynchronous I/O straight
 * into or out of the command's pooled direct buffer (one request per buffer component, all in flight
 * together; only a heap component would be copied through native memory), FUA is a flush after the write,
 * UNMAP a discard (the connection turns off librbd's skipping of partial discards, so the range reads back
 * as zeros: LBPRZ), GET LBA STATUS librbd's diff of the image, WRITE SAME of zeros a write_zeroes and
 * COMPARE AND WRITE librbd's compare_and_write, atomic in the cluster against every other client of the image.
 * A request librados gives up on after {@code osd_op_timeout} (ETIMEDOUT) fails its command with NOT READY,
 * LOGICAL UNIT COMMUNICATION FAILURE ({@link ClusterTimeout}); any other error is a MEDIUM ERROR.
 *
 * <p>Threading: the I/O methods run on the device's threads ({@link #mayBlock()} is true): each submits its
 * requests and waits for their completions there, never on an event loop. Thread-safe, as librbd's image
 * handle is. The store owns the image and the cluster connection and closes both.
 */
final class RbdBlockStore implements BlockStore {

    private final RbdConnection connection;
    private final RbdImage image;
    private final int blockSize;
    private final boolean thin;
    private final int physicalBlockExponent;
    private volatile long capacityBlocks;

    RbdBlockStore(RbdConnection connection, int blockSize, boolean thin, int physicalBlockExponent)
            throws IOException {
        this.connection = connection;
        this.image = connection.image();
        this.blockSize = blockSize;
        this.thin = thin;
        this.physicalBlockExponent = physicalBlockExponent;
        this.capacityBlocks = image.size() / blockSize;
    }

    /** Reads the image's size again; whether the capacity changed (a resize here or elsewhere). */
    boolean resync() throws IOException {
        long blocks = image.size() / blockSize;
        if (blocks == capacityBlocks) {
            return false;
        }
        capacityBlocks = blocks;
        return true;
    }

    /** Grows the image to {@code bytes} (never shrinks: that would discard data a user may still want). */
    void grow(long bytes) throws IOException {
        long now = image.size();
        if (bytes < now) {
            throw new IllegalArgumentException("size: " + bytes + " is below the image's " + now
                    + " bytes; shrink it with rbd resize --allow-shrink if that is meant");
        }
        if (bytes > now) {
            image.resize(bytes);
        }
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
    public int physicalBlockExponent() {
        return physicalBlockExponent;
    }

    @Override
    public boolean mayBlock() {
        return true;
    }

    @Override
    public void read(long lba, int blocks, ByteBuf dst) throws IOException {
        int length = blocks * blockSize;
        dst.ensureWritable(length);
        ClusterTimeout.timed(() -> BufferTransfer.run(image, lba * blockSize, dst, dst.writerIndex(), length, true));
        dst.writerIndex(dst.writerIndex() + length);
    }

    @Override
    public void write(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        ClusterTimeout.timed(() -> BufferTransfer.run(image, lba * blockSize, src, src.readerIndex(), src.readableBytes(), false));
        if (forceUnitAccess) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        ClusterTimeout.timed(() -> image.flush().await());
    }

    @Override
    public boolean thinProvisioned() {
        return thin;
    }

    @Override
    public void unmap(long lba, long blocks) throws IOException {
        ClusterTimeout.timed(() -> image.discard(lba * blockSize, blocks * blockSize).await());
    }

    /**
     * GET LBA STATUS from {@code rbd_diff_iterate2}, rounded to blocks by {@link ProvisioningRun}; at most
     * {@link ProvisioningRun#MAX_BYTES} per call, so a huge image's run becomes several descriptors, each quick.
     */
    @Override
    public long provisioningExtent(long lba, long maxBlocks) throws IOException {
        if (!thin) {
            return maxBlocks;
        }
        ProvisioningRun run = ProvisioningRun.bounded(lba, maxBlocks, blockSize);
        ClusterTimeout.timed(() -> image.allocated(run.offset(), run.length(), run));
        return run.blocks();
    }

    @Override
    public boolean writeZeroes(long lba, long blocks, boolean forceUnitAccess) throws IOException {
        ClusterTimeout.timed(() -> image.writeZeroes(lba * blockSize, blocks * blockSize).await());
        if (forceUnitAccess) {
            flush();
        }
        return true;
    }

    @Override
    public long compareAndWrite(long lba, ByteBuf compare, ByteBuf data, boolean forceUnitAccess)
            throws IOException {
        long offset = lba * blockSize;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mismatch = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment expected = nativeCopy(compare, arena);
            try {
                image.compareAndWrite(offset, expected, nativeCopy(data, arena), mismatch).await();
            } catch (LinuxException e) {
                if (e.errno() == Errno.EILSEQ) {
                    return firstDifference(offset, expected, arena);
                }
                if (e.errno() == Errno.EINVAL) {
                    // librbd 16 compares one 512-byte sector at most: a longer range is the command set's
                    return NOT_ATOMIC;
                }
                throw ClusterTimeout.unreachableOr(e);
            }
        }
        if (forceUnitAccess) {
            flush();
        }
        return COMPARED_EQUAL;
    }

    /**
     * The offset of the first byte where the image differs from {@code expected} after librbd reported a
     * mismatch. librbd's own {@code mismatch_off} cannot be used: version 16 (Pacific) maps the offset
     * within the compared range as if it were an offset within the object, so it is wrong for any range that
     * does not start an object. Nothing was written, so the stored bytes are read back and compared here;
     * 0 if another writer changed them in between so that they now match.
     */
    private long firstDifference(long offset, MemorySegment expected, Arena arena) throws IOException {
        MemorySegment stored = arena.allocate(expected.byteSize());
        ClusterTimeout.timed(() -> image.read(offset, stored).await());
        return Math.max(0, stored.mismatch(expected));
    }

    /**
     * The bytes of {@code buf} in native memory: a view when they are one direct component, otherwise a
     * copy (COMPARE AND WRITE carries at most 255 blocks twice, and librbd takes each half as one pointer).
     */
    private static MemorySegment nativeCopy(ByteBuf buf, Arena arena) {
        if (buf.nioBufferCount() == 1) {
            ByteBuffer b = buf.nioBuffer();
            if (b.isDirect()) {
                return MemorySegment.ofBuffer(b);
            }
        }
        MemorySegment seg = arena.allocate(buf.readableBytes());
        seg.copyFrom(MemorySegment.ofBuffer(buf.nioBuffer()));
        return seg;
    }

    @Override
    public void close() {
        connection.close();
    }
}
