package io.quiver.handler.fileio.impl.channel;

import io.quiver.linux.FileIo;
import io.quiver.linux.LinuxException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Writes a command's data that arrived in many buffers (a large WRITE's data segment, kept as the socket
 * reads that carried it) with one {@code pwritev2} per {@link FileIo#GATHER_MAX} buffers, on a descriptor of
 * its own, through Quiver's Linux layer. The JDK has no positional gathering write: through a
 * {@code FileChannel} each buffer is a system call of its own (16 for a 1 MiB WRITE that came in 64 KiB
 * reads), and on tmpfs each call takes the inode's lock again.
 *
 * <p>The descriptor writes the same inode as the store's channel (one page cache); a write-through store
 * passes {@code RWF_DSYNC}, as its channel's {@code O_DSYNC} would. Buffered I/O only: an {@code O_DIRECT}
 * store keeps its channel, whose alignment checks it relies on.
 *
 * <p>Thread-safe: positional writes on a descriptor nothing else moves.
 */
public final class GatheredWrites extends OwnDescriptor {

    private final int flags;

    private GatheredWrites(Path file, int fd, int flags) {
        super(file, fd);
        this.flags = flags;
    }

    /** Opens {@code file} for gathered writes; the caller closes it (or the store that owns it does). */
    public static GatheredWrites open(Path file, boolean writeThrough) throws IOException {
        int fd = FileIo.open(file.toString(), FileIo.O_WRONLY | FileIo.O_CLOEXEC, 0);
        return new GatheredWrites(file, fd, writeThrough ? FileIo.RWF_DSYNC : 0);
    }

    /**
     * Writes the remaining bytes of every one of {@code views}, in order, from {@code position}; the views'
     * positions are consumed. Returns {@code false}, having written nothing, if a view is not a direct buffer
     * (the kernel takes native memory only): the caller then writes through its channel.
     */
    public boolean write(long position, ByteBuffer[] views) throws IOException {
        for (ByteBuffer v : views) {
            if (!v.isDirect()) {
                return false;
            }
        }
        int from = 0;
        try {
            while (from < views.length) {
                long n = FileIo.pwritev2(fd, views, from, position, flags);
                if (n <= 0) {
                    throw new IOException(file + ": pwritev2 wrote nothing at " + position);
                }
                position += n;
                // A short write (or more views than one call gathers): skip what was written, go on from there.
                while (n > 0) {
                    ByteBuffer v = views[from];
                    int taken = (int) Math.min(n, v.remaining());
                    v.position(v.position() + taken);
                    n -= taken;
                    if (!v.hasRemaining()) {
                        from++;
                    }
                }
                while (from < views.length && !views[from].hasRemaining()) {
                    from++;
                }
            }
        } catch (LinuxException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return true;
    }
}
