package io.quiver.handler.fileio.impl.channel;

import io.netty.buffer.ByteBuf;
import io.quiver.linux.Errno;
import io.quiver.linux.FileIo;
import io.quiver.linux.LinuxException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads of a regular file that succeed only when every byte is in the page cache: {@code preadv2} with
 * {@code RWF_NOWAIT} on a descriptor of its own, through Quiver's Linux layer. A hit is served on the thread
 * that received the command (a Netty event loop) with no hand-off to a device thread and back, which is most
 * of a cached 4 KiB READ's latency; a miss ({@code EAGAIN}, or a short read because part of the range is not
 * cached) leaves the buffer as it was, and the caller reads on a thread that may block.
 *
 * <p>The descriptor reads the same inode as the store's channel, so it sees every write the channel made
 * (one page cache). A kernel or file system that refuses {@code RWF_NOWAIT} ({@code EOPNOTSUPP}) turns
 * this off for good after the first refusal: every read then takes the blocking path, as without it.
 *
 * <p>Thread-safe: positional reads on a descriptor nothing else moves; never blocks.
 */
public final class PageCacheReads extends OwnDescriptor {

    private volatile boolean supported = true;

    private PageCacheReads(Path file, int fd) {
        super(file, fd);
    }

    /** Opens {@code file} read-only for cached reads; the caller closes it (or the store that owns it does). */
    public static PageCacheReads open(Path file) throws IOException {
        return new PageCacheReads(file, FileIo.open(file.toString(), FileIo.O_RDONLY | FileIo.O_CLOEXEC, 0));
    }

    /** Whether the kernel has not refused {@code RWF_NOWAIT} on this file so far. */
    public boolean supported() {
        return supported;
    }

    /**
     * Fills {@code length} bytes of {@code dst} at its writer index from {@code position} and advances it, if
     * all of them are cached; otherwise returns {@code false} and leaves the writer index alone (bytes already
     * copied past it are overwritten by the blocking read). A range past the end of the file is a miss too:
     * the blocking path reads it as zeros.
     */
    public boolean read(long position, int length, ByteBuf dst) throws IOException {
        if (!supported || dst.nioBufferCount() != 1 || !dst.isDirect()) {
            return false; // a composite or heap buffer has no single native range to read into
        }
        dst.ensureWritable(length);
        int index = dst.writerIndex();
        ByteBuffer view = dst.nioBuffer(index, length);
        MemorySegment into = MemorySegment.ofBuffer(view);
        long done = 0;
        try {
            while (done < length) {
                long n = FileIo.preadv2(fd, into.asSlice(done), position + done, FileIo.RWF_NOWAIT);
                if (n <= 0) {
                    return false; // -EAGAIN: not cached; 0: end of file
                }
                done += n;
            }
        } catch (LinuxException e) {
            if (e.errno() == Errno.EOPNOTSUPP) {
                supported = false;
                return false;
            }
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        dst.writerIndex(index + length);
        return true;
    }
}
