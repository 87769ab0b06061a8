package io.quiver.handler.fileio.impl.channel;

import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The T10 protection information of a file-backed store, in a sidecar file (SCST's {@code dif_filename}):
 * 8 bytes per block at {@code lba * 8}, durable as the data is (forced with it on FUA and SYNCHRONIZE CACHE).
 * Stored inverted (every bit flipped) so that a hole in the sparse sidecar, never written, reads back as
 * all ones: the escape value the SBC layer does not check, which is what a block written before the device
 * had protection information must carry. Byte-granular positional I/O, so writes for different blocks never
 * read-modify-write each other. Thread-safe.
 */
public final class ProtectionFile implements Closeable {

    static final int BYTES_PER_BLOCK = 8;

    private final int type;
    private final FileChannel channel;

    private ProtectionFile(int type, FileChannel channel) {
        this.type = type;
        this.channel = channel;
    }

    /** The default sidecar of a data file: {@code <file>.dif}. */
    public static Path defaultOf(Path dataFile) {
        return dataFile.resolveSibling(dataFile.getFileName() + ".dif");
    }

    /**
     * Opens (creating it empty if missing) the sidecar of a store formatted with PI {@code type} (1-3).
     *
     * @throws IllegalArgumentException naming {@code dif_type} for another type
     */
    public static ProtectionFile open(Path path, int type, boolean readOnly) throws IOException {
        if (type < 1 || type > 3) {
            throw new IllegalArgumentException("dif_type must be 0, 1, 2 or 3: " + type);
        }
        FileChannel ch = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new ProtectionFile(type, ch);
    }

    public int type() {
        return type;
    }

    void read(long lba, int blocks, ByteBuf dst) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(blocks * BYTES_PER_BLOCK);
        long at = lba * BYTES_PER_BLOCK;
        while (b.hasRemaining()) {
            if (channel.read(b, at + b.position()) < 0) {
                break; // past the end: a hole, zeros
            }
        }
        for (int i = 0; i < b.capacity(); i += 8) {
            dst.writeLong(~b.getLong(i));
        }
    }

    void write(long lba, ByteBuf src, boolean force) throws IOException {
        int length = src.readableBytes();
        ByteBuffer b = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i += 8) {
            b.putLong(~src.getLong(src.readerIndex() + i));
        }
        b.flip();
        long at = lba * BYTES_PER_BLOCK;
        while (b.hasRemaining()) {
            channel.write(b, at + b.position());
        }
        if (force) {
            channel.force(false);
        }
    }

    void flush() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
