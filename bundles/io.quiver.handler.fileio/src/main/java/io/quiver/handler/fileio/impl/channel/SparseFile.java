package io.quiver.handler.fileio.impl.channel;

import io.quiver.linux.FileIo;
import io.quiver.linux.LinuxException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Deallocation and hole finding in a regular file: {@code fallocate(FALLOC_FL_PUNCH_HOLE |
 * FALLOC_FL_KEEP_SIZE)} for UNMAP and {@code lseek(SEEK_DATA / SEEK_HOLE)} for GET LBA STATUS, on a
 * descriptor of its own, through Quiver's Linux layer ({@code io.quiver.linux}). A file system that cannot
 * punch holes is refused at open with a message naming {@code thin_provisioned}: writing zeros instead
 * would claim a deallocation that never happened.
 *
 * <p>Thread-safe: {@code fallocate} is positional, and each {@code lseek} returns its own answer even when
 * calls race on the descriptor's offset (which nothing else uses).
 */
public final class SparseFile implements AutoCloseable {

    private static final int PUNCH = FileIo.FALLOC_FL_PUNCH_HOLE | FileIo.FALLOC_FL_KEEP_SIZE;

    private final Path file;
    private final int fd;

    private SparseFile(Path file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    /**
     * Opens {@code file} for hole punching and checks that its file system can punch holes.
     *
     * @throws IllegalArgumentException naming {@code thin_provisioned} if the file system cannot
     */
    public static SparseFile open(Path file, long probeOffset) throws IOException {
        int fd = FileIo.open(file.toString(), FileIo.O_RDWR | FileIo.O_CLOEXEC, 0);
        SparseFile f = new SparseFile(file, fd);
        try {
            // Punching past the data touches nothing and fails only where the file system cannot punch holes.
            FileIo.fallocate(fd, PUNCH, probeOffset, 4096);
        } catch (LinuxException e) {
            f.close();
            throw new IllegalArgumentException("thin_provisioned: the file system of " + file
                    + " cannot punch holes (fallocate PUNCH_HOLE failed: " + e.getMessage() + ")", e);
        }
        return f;
    }

    /** Deallocates {@code length} bytes at {@code offset}; they read back as zeros. */
    public void punchHole(long offset, long length) throws IOException {
        try {
            FileIo.fallocate(fd, PUNCH, offset, length);
        } catch (LinuxException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The first data offset at or after {@code offset}, or -1 if only holes follow. */
    public long nextData(long offset) throws IOException {
        return FileIo.lseek(fd, offset, FileIo.SEEK_DATA);
    }

    /** The first hole offset at or after {@code offset} (the end of the file is one). */
    public long nextHole(long offset) throws IOException {
        return FileIo.lseek(fd, offset, FileIo.SEEK_HOLE);
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
