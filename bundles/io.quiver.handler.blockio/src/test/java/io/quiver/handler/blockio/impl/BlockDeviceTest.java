package io.quiver.handler.blockio.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.handler.fileio.impl.channel.ChannelBlockStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real loop devices over files in a temporary directory. */
class BlockDeviceTest {

    @TempDir
    Path dir;

    @Test
    void a4096ByteBlockDeviceIsUsedWithDirectIo() throws IOException {
        try (LoopDevice loop = LoopDevice.create(dir.resolve("b.img"), 8 << 20);
                ChannelBlockStore store = BlockDevice.open(loop.device, 4096, false, false)) {
            assertTrue(store.directIo());
            assertEquals((8 << 20) / 4096, store.capacityBlocks(), "size from the device");
            byte[] bytes = new byte[3 * 4096];
            new Random(11).nextBytes(bytes);
            ByteBuf data = ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
            ByteBuf back = ByteBufAllocator.DEFAULT.directBuffer(bytes.length);
            try {
                store.write(100, data, true);
                store.read(100, 3, back);
                assertEquals(data, back);
            } finally {
                data.release();
                back.release();
            }
            try (RandomAccessFile raf = new RandomAccessFile(loop.backingFile.toFile(), "r")) {
                byte[] onDisk = new byte[bytes.length];
                raf.seek(100L * 4096);
                raf.readFully(onDisk);
                assertEquals(bytes[0], onDisk[0]);
                assertEquals(bytes[bytes.length - 1], onDisk[bytes.length - 1]);
            }
        }
    }

    @Test
    void a512ByteBlockSizeFallsBackToThePageCache() throws IOException {
        try (LoopDevice loop = LoopDevice.create(dir.resolve("c.img"), 1 << 20);
                ChannelBlockStore store = BlockDevice.open(loop.device, 512, false, false)) {
            assertFalse(store.directIo());
            assertEquals(2048, store.capacityBlocks());
            ByteBuf data = ByteBufAllocator.DEFAULT.directBuffer(512).writeZero(512).setByte(7, 7);
            ByteBuf back = ByteBufAllocator.DEFAULT.directBuffer(512);
            try {
                store.write(2047, data, false);
                store.flush();
                store.read(2047, 1, back);
                assertEquals(7, back.getByte(7));
            } finally {
                data.release();
                back.release();
            }
        }
    }

    @Test
    void aRegularFileIsNotABlockDevice() throws IOException {
        Path f = Files.write(dir.resolve("plain.img"), new byte[4096]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlockDevice.open(f, 512, false, false));
        assertTrue(e.getMessage().startsWith("filename"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BlockDevice.open(dir.resolve("none"), 512, false, false));
    }
}
