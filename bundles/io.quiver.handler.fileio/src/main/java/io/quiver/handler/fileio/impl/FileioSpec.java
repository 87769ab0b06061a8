package io.quiver.handler.fileio.impl;

import java.nio.file.Path;

/**
 * The storage-shaping part of a {@link FileioConfig}, validated: what decides how the file is opened.
 * Immutable.
 *
 * @param filename the backing file
 * @param size the requested size in bytes (0 = the file's)
 * @param blockSize 512 or 4096
 * @param readOnly {@code read_only}
 * @param writeThrough {@code write_through}
 * @param oDirect {@code o_direct}
 * @param thinProvisioned {@code thin_provisioned}
 * @param inlineMemoryIo {@code inline_memory_io}: a file on a memory file system is served as memory
 */
record FileioSpec(Path filename, long size, int blockSize, boolean readOnly, boolean writeThrough, boolean oDirect,
        boolean thinProvisioned, boolean inlineMemoryIo) {

    FileioSpec {
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("blocksize must be 512 or 4096: " + blockSize);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
    }

    /** Reads the spec from a configuration. */
    static FileioSpec of(FileioConfig c) {
        if (c.filename() == null || c.filename().isBlank()) {
            throw new IllegalArgumentException("filename is required");
        }
        return new FileioSpec(Path.of(c.filename().trim()), c.size(), c.blocksize(), c.read__only(),
                c.write__through(), c.o__direct(), c.thin__provisioned(), c.inline__memory__io());
    }
}
