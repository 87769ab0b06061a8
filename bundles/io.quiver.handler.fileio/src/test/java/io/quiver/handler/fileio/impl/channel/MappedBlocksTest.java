package io.quiver.handler.fileio.impl.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Views of a file on tmpfs lent to READs: the file's bytes, read-only, no further than a window or the file. */
class MappedBlocksTest {

    private Path file;
    private FileChannel channel;

    @BeforeEach
    void open() throws IOException {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && "tmpfs".equals(Files.getFileStore(shm).type()),
                "no tmpfs at /dev/shm");
        file = Files.createTempFile(shm, "quiver-mapped-", ".img");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @AfterEach
    void close() throws IOException {
        if (channel != null) {
            channel.close();
            Files.delete(file);
        }
    }

    @Test
    void aViewHoldsTheFilesBytesAndCannotBeWritten() throws IOException {
        byte[] bytes = new byte[1 << 20];
        new Random(7).nextBytes(bytes);
        channel.write(ByteBuffer.wrap(bytes), 0);
        MappedBlocks blocks = new MappedBlocks(channel);
        ByteBuf view = blocks.lend(4096, 65536);
        try {
            assertEquals(65536, view.readableBytes());
            assertTrue(view.isDirect(), "the transport gathers it like a pooled direct buffer");
            byte[] got = new byte[65536];
            view.getBytes(view.readerIndex(), got);
            assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 4096, 4096 + 65536), got);
            assertThrows(ReadOnlyBufferException.class, () -> view.setByte(0, 1));
            channel.write(ByteBuffer.wrap(new byte[] {42}), 4096);
            assertEquals(42, view.getByte(view.readerIndex()), "a shared mapping: later writes show (hence the range lock)");
        } finally {
            view.release();
        }
    }

    @Test
    void nothingIsLentAcrossWindowsOrPastTheEnd() throws IOException {
        long window = 1L << MappedBlocks.WINDOW_SHIFT;
        channel.write(ByteBuffer.wrap(new byte[] {1}), window + 8191); // sparse: no memory used
        MappedBlocks blocks = new MappedBlocks(channel);
        assertNull(blocks.lend(window - 4096, 8192), "spans two windows");
        assertNull(blocks.lend(window + 4096, 8192), "past the end of the file");
        ByteBuf hole = blocks.lend(window - 4096, 4096);
        ByteBuf last = blocks.lend(window + 4096, 4096);
        try {
            assertEquals(0, hole.getByte(hole.readerIndex()), "a hole reads as zeros");
            assertEquals(1, last.getByte(last.readerIndex() + 4095));
        } finally {
            hole.release();
            last.release();
        }
    }

    @Test
    void aFileThatGrewIsMappedAgain() throws IOException {
        channel.write(ByteBuffer.wrap(new byte[4096]), 0);
        MappedBlocks blocks = new MappedBlocks(channel);
        blocks.lend(0, 4096).release();
        assertNull(blocks.lend(4096, 4096));
        channel.write(ByteBuffer.wrap(new byte[] {9}), 8191);
        ByteBuf grown = blocks.lend(4096, 4096);
        try {
            assertEquals(9, grown.getByte(grown.readerIndex() + 4095));
        } finally {
            grown.release();
        }
    }
}
