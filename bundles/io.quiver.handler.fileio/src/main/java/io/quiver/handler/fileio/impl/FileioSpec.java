package io.quiver.handler.fileio.impl;

import io.quiver.handler.fileio.impl.channel.ProtectionFile;
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
 * @param inlineCachedReads {@code inline_cached_reads}: READs of page-cached blocks served on the network thread
 * @param difType {@code dif_type}: the T10 protection information type, 0-3
 * @param difFilename {@code dif_filename}, resolved: where the protection information is kept
 */
record FileioSpec(Path filename, long size, int blockSize, boolean readOnly, boolean writeThrough, boolean oDirect,
        boolean thinProvisioned, boolean inlineMemoryIo, boolean inlineCachedReads, int difType, Path difFilename) {

    FileioSpec {
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("blocksize must be 512 or 4096: " + blockSize);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
        if (difType < 0 || difType > 3) {
            throw new IllegalArgumentException("dif_type must be 0, 1, 2 or 3: " + difType);
        }
    }

    /** Reads the spec from a configuration. */
    static FileioSpec of(FileioConfig c) {
        if (c.filename() == null || c.filename().isBlank()) {
            throw new IllegalArgumentException("filename is required");
        }
        Path file = Path.of(c.filename().trim());
        String dif = c.dif__filename() == null ? "" : c.dif__filename().trim();
        return new FileioSpec(file, c.size(), c.blocksize(), c.read__only(), c.write__through(), c.o__direct(),
                c.thin__provisioned(), c.inline__memory__io(), c.inline__cached__reads(), c.dif__type(),
                dif.isEmpty() ? ProtectionFile.defaultOf(file) : Path.of(dif));
    }
}
