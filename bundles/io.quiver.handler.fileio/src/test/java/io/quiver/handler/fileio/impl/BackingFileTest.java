package io.quiver.handler.fileio.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.handler.fileio.impl.channel.ChannelBlockStore;
import io.quiver.handler.fileio.impl.channel.DirectIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackingFileTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsCreatedSparseAtSize() throws IOException {
        Path f = dir.resolve("new.img");
        try (ChannelBlockStore store = BackingFile.open(spec(f, 64L << 20, 512, false))) {
            assertEquals((64L << 20) / 512, store.capacityBlocks());
        }
        assertEquals(64L << 20, Files.size(f));
        long allocated = allocatedBytes(f);
        assertTrue(allocated < (1 << 20), "64 MiB created, " + allocated + " bytes allocated: not sparse");
    }

    /** Regression: the default distribution's data/quiver/ did not exist at first start and activation failed. */
    @Test
    void aMissingFileInAMissingFolderIsCreatedWithItsFolder() throws IOException {
        Path f = dir.resolve("data/quiver/disk0.img");
        try (ChannelBlockStore store = BackingFile.open(spec(f, 1 << 20, 512, false))) {
            assertEquals((1 << 20) / 512, store.capacityBlocks());
        }
        assertEquals(1 << 20, Files.size(f));
    }

    @Test
    void anExistingFileKeepsItsSizeUnlessSizeIsLarger() throws IOException {
        Path f = Files.write(dir.resolve("old.img"), new byte[8192]);
        try (ChannelBlockStore store = BackingFile.open(spec(f, 4096, 512, false))) {
            assertEquals(16, store.capacityBlocks(), "the file's size wins over a smaller size");
        }
        try (ChannelBlockStore store = BackingFile.open(spec(f, 0, 4096, false))) {
            assertEquals(2, store.capacityBlocks());
        }
        try (ChannelBlockStore store = BackingFile.open(spec(f, 16384, 512, false))) {
            assertEquals(32, store.capacityBlocks(), "a larger size grows the file");
        }
        assertEquals(16384, Files.size(f));
    }

    @Test
    void aReadOnlyDeviceNeitherCreatesNorGrows() throws IOException {
        Path missing = dir.resolve("missing.img");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackingFile.open(spec(missing, 4096, 512, true)));
        assertTrue(e.getMessage().contains("read_only"), e.getMessage());
        Path f = Files.write(dir.resolve("ro.img"), new byte[4096]);
        try (ChannelBlockStore store = BackingFile.open(spec(f, 8192, 512, true))) {
            assertEquals(8, store.capacityBlocks());
        }
        assertEquals(4096, Files.size(f));
    }

    @Test
    void creatingNeedsASize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackingFile.open(spec(dir.resolve("nosize.img"), 0, 512, false)));
        assertTrue(e.getMessage().startsWith("size"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BackingFile.open(spec(dir, 4096, 512, false)));
    }

    @Test
    void oDirectRefusesABlockSizeBelowTheFileSystemBlock() throws IOException {
        Assumptions.assumeTrue(DirectIo.available());
        Path f = Files.write(dir.resolve("direct.img"), new byte[8192]);
        Assumptions.assumeTrue(DirectIo.alignment(f) > 512, "file system takes 512-byte direct I/O");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackingFile.open(new FileioSpec(f, 0, 512, false, false, true, false, true, true, 0, null)));
        assertTrue(e.getMessage().startsWith("o_direct"), e.getMessage());
        try (ChannelBlockStore store = BackingFile.open(new FileioSpec(f, 0, 4096, false, false, true, false, true, true, 0, null))) {
            assertEquals(2, store.capacityBlocks());
        }
    }

    @Test
    void aFileOnTmpfsIsMemoryBackedUnlessInlineMemoryIoIsOff() throws IOException {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && "tmpfs".equals(Files.getFileStore(shm).type()),
                "no tmpfs at /dev/shm");
        Path f = Files.createTempFile(shm, "quiver-backing-", ".img");
        try {
            try (ChannelBlockStore store = BackingFile.open(spec(f, 1 << 20, 512, false))) {
                assertTrue(store.memoryBacked(), "a file on tmpfs is memory");
                assertTrue(store.lendsBlocks(), "and READs are lent its pages");
            }
            try (ChannelBlockStore store = BackingFile.open(new FileioSpec(f, 0, 512, false, false, false, false, false, false, 0, null))) {
                assertFalse(store.memoryBacked(), "inline_memory_io = false");
                assertFalse(store.lendsBlocks());
                assertNull(store.lendBlocks(0, 1));
            }
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void aFileOnADiskFileSystemIsNotMemoryBacked() throws IOException {
        Assumptions.assumeFalse(BackingFile.inMemory(dir), "the temporary folder is itself on tmpfs");
        try (ChannelBlockStore store = BackingFile.open(spec(dir.resolve("disk.img"), 1 << 20, 512, false))) {
            assertFalse(store.memoryBacked());
        }
    }

    private static FileioSpec spec(Path f, long size, int blockSize, boolean readOnly) {
        return new FileioSpec(f, size, blockSize, readOnly, false, false, false, true, true, 0, null);
    }

    /** st_blocks * 512, through stat(1): Java has no portable view of allocated size. */
    static long allocatedBytes(Path f) throws IOException {
        try {
            Process p = new ProcessBuilder("stat", "-c", "%b", f.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            Assumptions.assumeTrue(p.waitFor() == 0, "stat failed: " + out);
            return Long.parseLong(out) * 512;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
