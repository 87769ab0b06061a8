package io.quiver.handler.fileio.impl.channel;

import io.quiver.linux.FileIo;
import io.quiver.linux.LinuxException;
import java.nio.file.Path;

/**
 * A raw descriptor of a store's file, opened beside its {@code FileChannel} for the system calls the JDK does
 * not offer ({@code preadv2} with {@code RWF_NOWAIT}, a gathering {@code pwritev2}); it reaches the same
 * inode, so the same page cache. Closed once, by the store that owns it. Thread-safe.
 */
abstract class OwnDescriptor implements AutoCloseable {

    /** The file, for error messages. */
    final Path file;
    /** The descriptor; positional calls only, so nothing moves its offset. */
    final int fd;

    OwnDescriptor(Path file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    @Override
    public void close() {
        try {
            FileIo.close(fd);
        } catch (LinuxException e) {
            // close releases the descriptor even when it reports an error; nothing left to release
        }
    }
}
