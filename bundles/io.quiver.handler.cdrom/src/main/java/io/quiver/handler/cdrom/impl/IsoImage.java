package io.quiver.handler.cdrom.impl;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A CD/DVD image file read as 2048-byte logical blocks (the device does not parse ISO 9660). Reads go
 * from the file straight into the command's pooled buffer through its NIO views; a trailing partial
 * block reads as zero-padded. Thread-safe: reads are positional; {@link #close()} is the owner's.
 */
final class IsoImage implements AutoCloseable {

    /** MMC logical block size for data CDs and DVDs. */
    static final int BLOCK_SIZE = 2048;

    private final Path file;
    private final FileChannel channel;
    private final long blocks;

    private IsoImage(Path file, FileChannel channel, long blocks) {
        this.file = file;
        this.channel = channel;
        this.blocks = blocks;
    }

    /**
     * Opens an image read-only.
     *
     * @throws IllegalArgumentException naming {@code filename} if it is not a readable regular file
     */
    static IsoImage open(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("filename: " + file + " is not a readable regular file");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        long size = ch.size();
        return new IsoImage(file, ch, (size + BLOCK_SIZE - 1) / BLOCK_SIZE);
    }

    Path file() {
        return file;
    }

    /** Capacity in 2048-byte blocks. */
    long blocks() {
        return blocks;
    }

    /** Appends {@code count} blocks from {@code lba} to {@code dst}; the caller checked the range. */
    void read(long lba, int count, ByteBuf dst) throws IOException {
        int length = count * BLOCK_SIZE;
        dst.ensureWritable(length);
        int index = dst.writerIndex();
        long position = lba * BLOCK_SIZE;
        for (ByteBuffer view : dst.nioBuffers(index, length)) {
            int viewLength = view.remaining();
            while (view.hasRemaining()) {
                long at = position + viewLength - view.remaining();
                if (channel.read(view, at) < 0) {
                    while (view.hasRemaining()) {
                        view.put((byte) 0);
                    }
                }
            }
            position += viewLength;
        }
        dst.writerIndex(index + length);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
