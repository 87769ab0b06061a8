package io.quiver.handler.fileio.impl.channel;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * Moves bytes between a {@link FileChannel} and Netty buffers at explicit positions, through the buffers'
 * own NIO views ({@link ByteBuf#nioBuffers(int, int)}), so a pooled direct buffer is read into and written
 * from in place, with no intermediate {@code byte[]}.
 *
 * <p>With {@code O_DIRECT} (alignment &gt; 0) the JDK rejects any view whose address or length is not a
 * multiple of the alignment. Netty's allocators promise no such alignment (unless built with a
 * {@code directMemoryCacheAlignment}), so a transfer with any misaligned view goes through a per-thread aligned bounce
 * buffer: one copy, counted by {@link #bouncedTransfers()}, instead of a failed command. Positions and total
 * lengths are the caller's to align (the block size is a multiple of the alignment).
 *
 * <p>Thread-safe: positional I/O does not touch the channel's position, and bounce buffers are per thread.
 */
public final class ChannelTransfer {

    private static final int BOUNCE_SIZE = 1 << 20;

    private final FileChannel channel;
    private final int alignment;
    private final ThreadLocal<ByteBuffer> bounce;
    private final LongAdder bounced = new LongAdder();
    private volatile GatheredWrites gathered;

    /**
     * @param channel the open channel
     * @param alignment 0 for buffered I/O, else the {@code O_DIRECT} alignment in bytes (a power of two)
     */
    public ChannelTransfer(FileChannel channel, int alignment) {
        if (alignment < 0 || (alignment & (alignment - 1)) != 0) {
            throw new IllegalArgumentException("alignment must be 0 or a power of two: " + alignment);
        }
        this.channel = channel;
        this.alignment = alignment;
        this.bounce = ThreadLocal.withInitial(
                () -> ByteBuffer.allocateDirect(BOUNCE_SIZE + alignment).alignedSlice(Math.max(alignment, 1)));
    }

    /**
     * Fills {@code length} bytes of {@code dst} from its writer index with the channel's bytes at
     * {@code position} and advances the writer index. Bytes past the end of the channel read as zeros
     * (a file shorter than its configured size is sparse at the tail).
     */
    public void read(long position, int length, ByteBuf dst) throws IOException {
        dst.ensureWritable(length);
        int index = dst.writerIndex();
        ByteBuffer[] views = dst.nioBuffers(index, length);
        if (needsBounce(views)) {
            bounced.increment();
            ByteBuffer b = bounce.get();
            for (int done = 0; done < length; ) {
                int chunk = Math.min(length - done, b.capacity());
                b.clear().limit(alignUp(chunk));
                readFully(position + done, b);
                b.flip().limit(chunk);
                dst.setBytes(index + done, b);
                done += chunk;
            }
        } else {
            for (ByteBuffer view : views) {
                position += readFully(position, view);
            }
        }
        dst.writerIndex(index + length);
    }

    /**
     * From now on, writes whose data is in more than one buffer go through {@code writes} (one system call for
     * all of them) instead of one channel write per buffer. Buffered I/O only.
     */
    void gatherWrites(GatheredWrites writes) {
        if (alignment != 0) {
            throw new IllegalStateException("gathered writes need buffered I/O");
        }
        this.gathered = writes;
    }

    /** Writes every readable byte of {@code src} at {@code position}; {@code src}'s indexes do not move. */
    public void write(long position, ByteBuf src) throws IOException {
        int index = src.readerIndex();
        int length = src.readableBytes();
        ByteBuffer[] views = src.nioBuffers(index, length);
        if (needsBounce(views)) {
            if (length % alignment != 0) {
                throw new IOException("O_DIRECT write of " + length + " bytes is not a multiple of " + alignment);
            }
            bounced.increment();
            ByteBuffer b = bounce.get();
            for (int done = 0; done < length; ) {
                int chunk = Math.min(length - done, b.capacity());
                b.clear().limit(chunk);
                src.getBytes(index + done, b);
                b.flip();
                writeFully(position + done, b);
                done += chunk;
            }
        } else if (views.length < 2 || gathered == null || !gathered.write(position, views)) {
            // one buffer, no gathering descriptor, or heap memory in the data: a channel write per buffer
            for (ByteBuffer view : views) {
                position += writeFully(position, view);
            }
        }
    }

    /** How many transfers had to be copied through the aligned bounce buffer (0 without O_DIRECT). */
    public long bouncedTransfers() {
        return bounced.sum();
    }

    private boolean needsBounce(ByteBuffer[] views) {
        if (alignment == 0) {
            return false;
        }
        for (ByteBuffer v : views) {
            if (!v.isDirect() || v.alignmentOffset(v.position(), alignment) != 0 || v.remaining() % alignment != 0) {
                return true;
            }
        }
        return false;
    }

    private int readFully(long position, ByteBuffer view) throws IOException {
        int total = view.remaining();
        while (view.hasRemaining()) {
            if (channel.read(view, position + total - view.remaining()) < 0) {
                zeroFill(view);
            }
        }
        return total;
    }

    private int writeFully(long position, ByteBuffer view) throws IOException {
        int total = view.remaining();
        while (view.hasRemaining()) {
            channel.write(view, position + total - view.remaining());
        }
        return total;
    }

    private int alignUp(int n) {
        int a = Math.max(alignment, 1);
        return (n + a - 1) / a * a;
    }

    private static void zeroFill(ByteBuffer view) {
        while (view.hasRemaining()) {
            view.put((byte) 0);
        }
    }
}
