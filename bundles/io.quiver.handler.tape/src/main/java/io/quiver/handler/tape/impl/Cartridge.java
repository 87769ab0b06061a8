package io.quiver.handler.tape.impl;

import static io.quiver.handler.tape.impl.TgtTapeFormat.BLK_DATA;
import static io.quiver.handler.tape.impl.TgtTapeFormat.BLK_EOD;
import static io.quiver.handler.tape.impl.TgtTapeFormat.BLK_FILEMARK;
import static io.quiver.handler.tape.impl.TgtTapeFormat.FIRST;
import static io.quiver.handler.tape.impl.TgtTapeFormat.HEADER;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A virtual cartridge in tgt's tape format ({@link TgtTapeFormat}), so cartridges made by {@code tgtimg
 * --device-type tape} load here and ours load in tgtd. The file is a doubly linked chain of block headers
 * from the BOT header through one header per logical object (data block or filemark, the data following
 * its header) to an EOD header whose {@code next} is itself.
 *
 * <p>Logical object {@code i} (SSC's logical object identifier, 0 = the first after BOP) is the header
 * with {@code blk_num = i + 1}. At open the chain is read once into an {@link ObjectIndex}, so
 * positioning never walks the file. Writing at object {@code i} replaces everything from {@code i} on:
 * a tape has no overwrite in the middle.
 *
 * <p>Not thread-safe: its drive serializes access.
 */
final class Cartridge implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final boolean writeProtected;
    private final String barcode;
    private final long capacity;
    private final ObjectIndex index = new ObjectIndex();
    private long eod;

    private Cartridge(Path file, FileChannel channel, boolean writeProtected) throws IOException {
        this.file = file;
        this.channel = channel;
        this.writeProtected = writeProtected;
        ByteBuffer mam = TgtTapeFormat.read(file, channel, HEADER, TgtTapeFormat.MAM_SIZE);
        int version = mam.getInt(TgtTapeFormat.MAM_VERSION);
        if (version != TgtTapeFormat.TAPE_FORMAT_VERSION) {
            throw new IOException(file + ": not a tgt tape cartridge (MAM format version "
                    + version + ", expected " + TgtTapeFormat.TAPE_FORMAT_VERSION + ")");
        }
        this.capacity = mam.getLong(TgtTapeFormat.MAM_MAX);
        this.barcode = TgtTapeFormat.barcode(mam);
        this.eod = TgtTapeFormat.index(file, channel, index);
    }

    /**
     * Creates a blank data cartridge as {@code tgtimg --op new --type data} does.
     *
     * @param capacityMb the capacity in MiB (tgt's {@code --size})
     */
    static void create(Path file, String barcode, long capacityMb) throws IOException {
        if (capacityMb < 1 || capacityMb > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("capacity must be 1..4294967295 MB: " + capacityMb);
        }
        if (barcode.isEmpty() || barcode.length() > 31 || !barcode.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("barcode must be 1..31 printable ASCII characters without spaces: "
                    + barcode);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(TgtTapeFormat.blank(barcode, capacityMb), 0);
            ch.force(true);
        }
    }

    /** Opens a cartridge; a file the process may not write is a write-protected cartridge. */
    static Cartridge open(Path file) throws IOException {
        boolean writable = Files.isWritable(file);
        return open(file, !writable, writable ? new StandardOpenOption[] {StandardOpenOption.READ,
            StandardOpenOption.WRITE} : new StandardOpenOption[] {StandardOpenOption.READ});
    }

    /** Opens a cartridge to look at it (inventory); it writes nothing, even on close. */
    static Cartridge openReadOnly(Path file) throws IOException {
        return open(file, true, StandardOpenOption.READ);
    }

    private static Cartridge open(Path file, boolean writeProtected, StandardOpenOption... options)
            throws IOException {
        FileChannel ch = FileChannel.open(file, options);
        try {
            return new Cartridge(file, ch, writeProtected);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Logical objects recorded (blocks and filemarks); object {@code objects()} is EOD. */
    int objects() {
        return index.count();
    }

    boolean isFilemark(int object) {
        return index.isFilemark(object);
    }

    /** The data block's length in bytes (0 for a filemark). */
    int blockLength(int object) {
        return index.size(object);
    }

    /** Filemarks before {@code object} (SSC's logical file identifier there). */
    long filemarksBefore(int object) {
        return index.filemarksBefore(object);
    }

    /** Appends the first {@code length} bytes of {@code object}'s data to {@code out}. */
    void read(int object, int length, ByteBuf out) throws IOException {
        int n = Math.min(length, index.size(object));
        int got = out.writeBytes(channel, index.offset(object) + HEADER, n);
        if (got != n) {
            throw new IOException(file + ": short read of block " + object);
        }
    }

    /** Replaces everything from {@code object} on with end of data (a write or ERASE there). */
    void truncate(int object) throws IOException {
        if (object >= index.count()) {
            return;
        }
        long at = index.offset(object);
        long prev = object == 0 ? 0 : index.offset(object - 1);
        channel.write(TgtTapeFormat.header(0, 0, BLK_EOD, object + 1L, prev, at, at), at);
        index.cut(object);
        eod = at;
        channel.truncate(at + HEADER);
    }

    /**
     * Appends a data block ({@code data} not null, its readable bytes, left unread) or a filemark at the
     * end of data; the caller truncated to its position first.
     */
    void append(ByteBuf data) throws IOException {
        int size = data == null ? 0 : data.readableBytes();
        int count = index.count();
        long at = eod;
        long prev = count == 0 ? 0 : index.offset(count - 1);
        long next = at + HEADER + size;
        if (data != null) {
            int written = data.getBytes(data.readerIndex(), channel, at + HEADER, size);
            if (written != size) {
                throw new IOException(file + ": short write");
            }
        }
        // the new EOD first, then the header that links to it: a process dying between the two writes
        // leaves the old chain whole
        channel.write(TgtTapeFormat.header(0, 0, BLK_EOD, count + 2L, at, next, next), next);
        channel.write(TgtTapeFormat.header(size, size, data == null ? BLK_FILEMARK : BLK_DATA, count + 1L, prev,
                at, next), at);
        index.add(at, size, data == null);
        eod = next;
    }

    /** Bytes the recorded data takes (headers included), what counts against {@link #capacity()}. */
    long used() {
        return eod + HEADER - FIRST;
    }

    /** The capacity in bytes (the MAM's maximum capacity). */
    long capacity() {
        return capacity;
    }

    String barcode() {
        return barcode;
    }

    Path file() {
        return file;
    }

    boolean writeProtected() {
        return writeProtected;
    }

    /** Makes what was written durable and records the remaining capacity in the MAM, as tgt reads it. */
    void sync() throws IOException {
        if (writeProtected) {
            return;
        }
        ByteBuffer r = ByteBuffer.allocate(8).putLong(0, Math.max(0, capacity - used()));
        channel.write(r, HEADER + TgtTapeFormat.MAM_REMAINING);
        channel.force(false);
    }

    /** Counts a load in the MAM (tgt's load_count). */
    void countLoad() throws IOException {
        if (!writeProtected) {
            long n = TgtTapeFormat.read(file, channel, HEADER + TgtTapeFormat.MAM_LOAD_COUNT, 8).getLong(0);
            channel.write(ByteBuffer.allocate(8).putLong(0, n + 1), HEADER + TgtTapeFormat.MAM_LOAD_COUNT);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            channel.close();
        }
    }
}
