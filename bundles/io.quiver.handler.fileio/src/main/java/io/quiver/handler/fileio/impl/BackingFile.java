package io.quiver.handler.fileio.impl;

import io.quiver.handler.fileio.impl.channel.AtomicJournal;
import io.quiver.handler.fileio.impl.channel.ChannelBlockStore;
import io.quiver.handler.fileio.impl.channel.PageCacheReads;
import io.quiver.handler.fileio.impl.channel.DirectIo;
import io.quiver.handler.fileio.impl.channel.GatheredWrites;
import io.quiver.handler.fileio.impl.channel.ProtectionFile;
import io.quiver.handler.fileio.impl.channel.SparseFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Opens the regular file behind a vdisk_fileio device with SCST's rules: a missing file is created
 * sparse at {@code size}; an existing file keeps its size unless {@code size} is larger, and then it
 * grows (sparse, by {@code ftruncate}). With {@code thin_provisioned} the store deallocates through
 * {@link SparseFile}, which needs a file system that punches holes; otherwise the
 * configuration is refused with a message naming the attribute. Stateless; safe on any thread.
 */
final class BackingFile {

    private static final Set<String> MEMORY_FILE_SYSTEMS = Set.of("tmpfs", "ramfs");

    private BackingFile() {
    }

    /**
     * Opens (creating or growing as needed) the file described by {@code spec}.
     *
     * @throws IllegalArgumentException naming the attribute when the configuration cannot work
     * @throws IOException when the file cannot be created or opened
     */
    static ChannelBlockStore open(FileioSpec spec) throws IOException {
        Path file = spec.filename();
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("filename: " + file + " is a directory");
        }
        if (!Files.exists(file)) {
            if (spec.readOnly()) {
                throw new IllegalArgumentException("filename: " + file + " does not exist and read_only forbids creating it");
            }
            if (spec.size() <= 0) {
                throw new IllegalArgumentException("size: " + file + " does not exist; set size to create it");
            }
            // A fresh distribution has no data/quiver/ yet: creating the file means creating its folder too.
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
        if (!spec.readOnly()) {
            grow(file, spec.size());
        }
        Set<OpenOption> options = new HashSet<>();
        options.add(StandardOpenOption.READ);
        if (!spec.readOnly()) {
            options.add(StandardOpenOption.WRITE);
            if (spec.writeThrough()) {
                options.add(StandardOpenOption.DSYNC);
            }
        }
        int alignment = 0;
        if (spec.oDirect()) {
            options.add(DirectIo.option("o_direct"));
            alignment = DirectIo.alignment(file);
            if (spec.blockSize() % alignment != 0) {
                throw new IllegalArgumentException("o_direct: blocksize " + spec.blockSize() + " is not a multiple of "
                        + alignment + ", the block size O_DIRECT needs on the file system of " + file);
            }
        }
        if (spec.thinProvisioned() && spec.readOnly()) {
            throw new IllegalArgumentException("thin_provisioned: a read_only device cannot deallocate");
        }
        SparseFile holes = spec.thinProvisioned() ? SparseFile.open(file, Files.size(file)) : null;
        FileChannel channel = null;
        AtomicJournal journal = null;
        ProtectionFile protection = null;
        ChannelBlockStore store = null;
        try {
            channel = FileChannel.open(file, options);
            // WRITE ATOMIC through a journal beside the file; a record a crash left is replayed first.
            journal = spec.readOnly() ? null : AtomicJournal.open(AtomicJournal.journalOf(file), channel, alignment);
            protection = spec.difType() == 0 ? null
                    : ProtectionFile.open(spec.difFilename(), spec.difType(), spec.readOnly());
            boolean memory = spec.inlineMemoryIo() && inMemory(file);
            store = new ChannelBlockStore(channel, spec.blockSize(),
                    channel.size() / spec.blockSize(), alignment, spec.writeThrough(), holes, memory, journal, protection);
            if (spec.inlineCachedReads() && !memory && alignment == 0 && protection == null) {
                store.serveCachedReads(PageCacheReads.open(file));
            }
            if (memory && alignment == 0 && protection == null) {
                store.lendMappedBlocks();
            }
            if (!spec.readOnly() && alignment == 0) {
                store.gatherWrites(GatheredWrites.open(file, spec.writeThrough()));
            }
            return store;
        } catch (IOException | RuntimeException e) {
            if (store != null) {
                store.close(); // and with it everything it owns (the descriptors opened for it)
                throw e;
            }
            if (protection != null) {
                protection.close();
            }
            if (journal != null) {
                journal.close();
            }
            if (channel != null) {
                channel.close();
            }
            if (holes != null) {
                holes.close();
            }
            throw e;
        }
    }

    /**
     * Whether {@code file} lives on a file system that keeps files in memory only (tmpfs, ramfs): its reads
     * and writes copy memory and never wait for a device.
     */
    static boolean inMemory(Path file) throws IOException {
        return MEMORY_FILE_SYSTEMS.contains(Files.getFileStore(file).type());
    }

    /**
     * Creates {@code file} or extends it to {@code size} bytes if it is shorter; never shrinks it.
     *
     * @return the file's size afterwards
     */
    static long grow(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            // ftruncate allocates nothing: the new range is a hole until written.
            if (size > raf.length()) {
                raf.setLength(size);
            }
            return raf.length();
        }
    }
}
