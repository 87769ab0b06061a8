package io.quiver.handler.fileio.impl.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelBlockStoreTest {

    @TempDir
    Path dir;

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    @Test
    void writtenBlocksReadBackAtTheirAddress() throws IOException {
        Path f = file(64 * 512);
        try (ChannelBlockStore store = new ChannelBlockStore(rw(f), 512, 64, 0, false)) {
            ByteBuf data = random(3 * 512, 1);
            ByteBuf back = alloc.directBuffer(3 * 512);
            try {
                store.write(10, data, false);
                assertEquals(0, data.readerIndex(), "write must not consume the source");
                store.read(10, 3, back);
                assertEquals(3 * 512, back.readableBytes());
                assertEquals(data, back);
            } finally {
                data.release();
                back.release();
            }
        }
        byte[] onDisk = Files.readAllBytes(f);
        assertEquals(0, onDisk[10 * 512 - 1], "the block before the write is untouched");
    }

    @Test
    void compositeBuffersAreWrittenAndReadPieceByPiece() throws IOException {
        Path f = file(16 * 512);
        try (ChannelBlockStore store = new ChannelBlockStore(rw(f), 512, 16, 0, false)) {
            CompositeByteBuf data = alloc.compositeDirectBuffer();
            data.addComponent(true, random(700, 2));
            data.addComponent(true, random(1348, 3));
            ByteBuf back = alloc.directBuffer(4096);
            try {
                store.write(2, data, false);
                store.read(2, 4, back);
                assertEquals(data, back);
                byte[] onDisk = Files.readAllBytes(f);
                byte[] expected = new byte[2048];
                data.getBytes(0, expected);
                byte[] actual = new byte[2048];
                System.arraycopy(onDisk, 1024, actual, 0, 2048);
                assertArrayEquals(expected, actual);
            } finally {
                data.release();
                back.release();
            }
        }
    }

    /**
     * A WRITE whose data arrived in many socket reads (more than one pwritev2 gathers, odd sizes) goes to the file
     * through the gathering descriptor, not a channel write per piece; a piece in heap memory sends the whole
     * write through the channel.
     */
    @Test
    void manyPiecesAreWrittenWithGatheredWrites() throws IOException {
        int pieces = io.quiver.linux.FileIo.GATHER_MAX * 2 + 5;
        int blocks = pieces * 3; // each piece 1536 bytes minus or plus a few, whole blocks in total
        Path f = file(8 * 512 + blocks * 512);
        CountingFileChannel ch = new CountingFileChannel(rw(f));
        try (ChannelBlockStore store = new ChannelBlockStore(ch, 512, 8 + blocks, 0, false)) {
            store.gatherWrites(GatheredWrites.open(f, false));
            CompositeByteBuf data = alloc.compositeDirectBuffer(Integer.MAX_VALUE);
            for (int i = 0; i < pieces; i++) {
                int skew = i == pieces - 1 ? 0 : (i % 2 == 0 ? 7 : -7);
                data.addComponent(true, random(1536 + skew, i));
            }
            ByteBuf back = alloc.directBuffer(blocks * 512);
            CompositeByteBuf mixed = alloc.compositeBuffer();
            mixed.addComponent(true, random(512, 90));
            mixed.addComponent(true, alloc.heapBuffer(512).writeBytes(randomBytes(512, 91)));
            ByteBuf mixedBack = alloc.directBuffer(1024);
            try {
                store.write(8, data, false);
                assertEquals(0, ch.positionalWrites.get(), "gathered, not one channel write per piece");
                assertEquals(0, data.readerIndex(), "write must not consume the source");
                store.read(8, blocks, back);
                assertEquals(data, back);
                byte[] onDisk = Files.readAllBytes(f);
                assertEquals(0, onDisk[8 * 512 - 1], "the block before the write is untouched");
                store.write(1, mixed, false);
                assertEquals(2, ch.positionalWrites.get(), "heap memory: through the channel, piece by piece");
                store.read(1, 2, mixedBack);
                assertEquals(mixed, mixedBack);
            } finally {
                data.release();
                back.release();
                mixed.release();
                mixedBack.release();
            }
        }
    }

    @Test
    void readsPastTheEndOfTheFileAreZeros() throws IOException {
        Path f = file(512);
        Files.write(f, filled(512, (byte) 7));
        try (ChannelBlockStore store = new ChannelBlockStore(rw(f), 512, 4, 0, false)) {
            ByteBuf back = alloc.directBuffer(1024);
            try {
                store.read(0, 2, back);
                assertEquals(7, back.getByte(511));
                assertEquals(0, back.getByte(512));
                assertEquals(0, back.getByte(1023));
            } finally {
                back.release();
            }
        }
    }

    @Test
    void forceUnitAccessForcesButPlainWritesDoNot() throws IOException {
        Path f = file(8 * 512);
        CountingFileChannel ch = new CountingFileChannel(rw(f));
        try (ChannelBlockStore store = new ChannelBlockStore(ch, 512, 8, 0, false)) {
            ByteBuf data = random(512, 4);
            try {
                store.write(0, data, false);
                assertEquals(0, ch.forces.get());
                store.write(1, data, true);
                assertEquals(1, ch.forces.get());
                store.flush();
                assertEquals(2, ch.forces.get());
            } finally {
                data.release();
            }
        }
    }

    @Test
    void writeThroughNeedsNoForce() throws IOException {
        Path f = file(8 * 512);
        CountingFileChannel ch = new CountingFileChannel(FileChannel.open(f, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.DSYNC));
        try (ChannelBlockStore store = new ChannelBlockStore(ch, 512, 8, 0, true)) {
            ByteBuf data = random(512, 5);
            try {
                store.write(0, data, true);
                store.flush();
                assertEquals(0, ch.forces.get(), "O_DSYNC already made the write durable");
            } finally {
                data.release();
            }
        }
    }

    @Test
    void partialBlocksAreRefused() throws IOException {
        Path f = file(8 * 512);
        try (ChannelBlockStore store = new ChannelBlockStore(rw(f), 512, 8, 0, false)) {
            ByteBuf data = random(100, 6);
            try {
                assertThrows(IllegalArgumentException.class, () -> store.write(0, data, false));
            } finally {
                data.release();
            }
        }
    }

    @Test
    void directIoUsesAlignedBuffersInPlaceAndBouncesMisalignedOnes() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(DirectIo.available(), "no ExtendedOpenOption.DIRECT");
        Path f = file(64 * 4096);
        int alignment = DirectIo.alignment(f);
        org.junit.jupiter.api.Assumptions.assumeTrue(4096 % alignment == 0, "file system block above 4096");
        FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE,
                DirectIo.option("o_direct"));
        // Slices of pooled buffers at a 4096-byte boundary: allocators promise no alignment of their own.
        ByteBuf backing = alloc.directBuffer(3 * 8192);
        try (ChannelBlockStore store = new ChannelBlockStore(ch, 4096, 64, alignment, false)) {
            int mis = backing.nioBuffer(0, backing.capacity()).alignmentOffset(0, 4096);
            int at = mis == 0 ? 0 : 4096 - mis;
            ByteBuf data = backing.slice(at, 8192).clear();
            data.writeBytes(randomBytes(8192, 7));
            ByteBuf back = backing.slice(at + 8192, 8192).clear();
            ByteBuf wide = alloc.directBuffer(8192 + 2);
            try {
                store.write(3, data, true);
                store.read(3, 2, back);
                assertEquals(data, back);
                assertEquals(0, store.bouncedTransfers(), "aligned buffers go straight to the file");

                int offset = wide.nioBuffer(1, 8192).alignmentOffset(0, 4096) == 0 ? 2 : 1;
                ByteBuf misaligned = wide.slice(offset, 8192).clear();
                store.read(3, 2, misaligned);
                assertEquals(data, misaligned);
                misaligned.setByte(0, 42);
                store.write(5, misaligned, false);
                assertEquals(2, store.bouncedTransfers());
                byte[] onDisk = Files.readAllBytes(f);
                assertEquals(42, onDisk[5 * 4096]);
                assertEquals(data.getByte(1), onDisk[5 * 4096 + 1]);
            } finally {
                backing.release();
                wide.release();
            }
        }
    }

    @Test
    void blockSizeMustFitTheDirectAlignment() throws IOException {
        Path f = file(4096);
        try (FileChannel ch = rw(f)) {
            assertThrows(IllegalArgumentException.class, () -> new ChannelBlockStore(ch, 512, 8, 4096, false));
            assertThrows(IllegalArgumentException.class, () -> new ChannelBlockStore(ch, 1024, 4, 0, false));
        }
    }

    private Path file(long size) throws IOException {
        Path f = dir.resolve("disk" + size + ".img");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size);
        }
        return f;
    }

    private static FileChannel rw(Path f) throws IOException {
        return FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private ByteBuf random(int length, long seed) {
        ByteBuf b = alloc.directBuffer(length);
        b.writeBytes(randomBytes(length, seed));
        return b;
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }
}
