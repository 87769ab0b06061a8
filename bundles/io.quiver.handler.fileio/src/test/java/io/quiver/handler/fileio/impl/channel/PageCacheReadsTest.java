package io.quiver.handler.fileio.impl.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.quiver.linux.FileIo;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PageCacheReads} on a real file of the machine's file system (not tmpfs, whose pages are always
 * there): a range just written is served from the page cache into a pooled direct buffer; after the pages
 * are dropped ({@code posix_fadvise DONTNEED} of clean pages) the read is refused with the buffer untouched;
 * past the end of the file it is refused too (the blocking path reads zeros there).
 */
class PageCacheReadsTest {

    @TempDir
    Path dir;

    @Test
    void servesCachedPagesAndRefusesDroppedOnes() throws Exception {
        assumeTrue(!Files.getFileStore(dir).type().equals("tmpfs"), "needs a file system with a real device");
        Path file = dir.resolve("lun.img");
        byte[] bytes = new byte[1 << 20];
        new Random(7).nextBytes(bytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true); // clean pages can be dropped; dirty ones cannot
        }
        ByteBuf dst = PooledByteBufAllocator.DEFAULT.directBuffer(64 << 10, 64 << 10);
        try (PageCacheReads reads = PageCacheReads.open(file)) {
            assertTrue(reads.read(4096, 64 << 10, dst), "just written: cached");
            assertEquals(64 << 10, dst.writerIndex());
            byte[] got = new byte[64 << 10];
            dst.getBytes(0, got);
            assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 4096, 4096 + (64 << 10)), got);

            int fd = FileIo.open(file.toString(), FileIo.O_RDONLY, 0);
            try {
                FileIo.fadvise(fd, 0, 0, FileIo.POSIX_FADV_DONTNEED);
            } finally {
                FileIo.close(fd);
            }
            dst.clear();
            assertFalse(reads.read(512 << 10, 64 << 10, dst), "dropped pages would wait for the disk");
            assertEquals(0, dst.writerIndex(), "a miss leaves the writer index alone");
            assertTrue(reads.supported());

            assertFalse(reads.read((1 << 20) - 4096, 8192, dst), "past the end of the file");
            assertEquals(0, dst.writerIndex());
        } finally {
            dst.release();
        }
    }
}
