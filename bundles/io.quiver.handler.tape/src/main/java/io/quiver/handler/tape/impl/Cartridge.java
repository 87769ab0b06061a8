package io.quiver.handler.tape.impl;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A virtual cartridge in tgt's tape format ({@code usr/bs_ssc.h}, {@code usr/libssc.c}, {@code tgtimg}),
 * so cartridges made by {@code tgtimg --device-type tape} load here and ours load in tgtd. The file is a
 * doubly linked chain of 48-byte big-endian block headers {@code {h_csum[4], ondisk_sz, blk_sz, blk_type,
 * blk_num, prev, curr, next}}: a BOT header at offset 0 (its {@code blk_sz} is the capacity in MB), the
 * 1104-byte MAM right after it, then one header per logical object (data block or filemark, the data
 * following its header) and an EOD header whose {@code next} is itself.
 *
 * <p>Logical object {@code i} (SSC's logical object identifier, 0 = the first after BOP) is the header
 * with {@code blk_num = i + 1}. At open the chain is read once into an index (offset, size, filemark),
 * so positioning never walks the file. Writing at object {@code i} replaces everything from {@code i} on:
 * a tape has no overwrite in the middle.
 *
 * <p>Not thread-safe: its drive serializes access.
 */
final class Cartridge implements AutoCloseable {

    static final int HEADER = 48;
    static final int MAM_SIZE = 1104;
    static final long FIRST = HEADER + MAM_SIZE;
    static final int BLK_DATA = 0x02;
    static final int BLK_COMPRESSED = 0x01;
    static final int BLK_BOT = 0x10;
    static final int BLK_EOD = 0x20;
    static final int BLK_FILEMARK = 0x40;
    /** MAM field offsets (from the MAM's start), as tgt's {@code struct MAM} lays them out. */
    private static final int MAM_VERSION = 0;
    private static final int MAM_REMAINING = 8;
    private static final int MAM_MAX = 16;
    private static final int MAM_LOAD_COUNT = 32;
    private static final int MAM_SERIAL = 264;
    private static final int MAM_TYPE = 336;
    private static final int MAM_BARCODE = 568;
    private static final int CART_DATA = 1;
    private static final int TAPE_FORMAT_VERSION = 2;

    private final Path file;
    private final FileChannel channel;
    private final boolean writeProtected;
    private final String barcode;
    private final long capacity;
    private long[] offsets = new long[64];
    private int[] sizes = new int[64];
    private boolean[] filemarks = new boolean[64];
    private int count;
    private long eod;

    private Cartridge(Path file, FileChannel channel, boolean writeProtected) throws IOException {
        this.file = file;
        this.channel = channel;
        this.writeProtected = writeProtected;
        ByteBuffer mam = read(HEADER, MAM_SIZE);
        if (mam.getInt(MAM_VERSION) != TAPE_FORMAT_VERSION) {
            throw new IOException(file + ": not a tgt tape cartridge (MAM format version "
                    + mam.getInt(MAM_VERSION) + ", expected " + TAPE_FORMAT_VERSION + ")");
        }
        this.capacity = mam.getLong(MAM_MAX);
        byte[] b = new byte[32];
        mam.get(MAM_BARCODE, b);
        this.barcode = new String(b, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
        index();
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
        ByteBuffer f = ByteBuffer.allocate((int) FIRST + HEADER);
        header(f, 0, 0, (int) capacityMb, BLK_BOT, 0, 0, 0, FIRST);
        f.putInt(HEADER + MAM_VERSION, TAPE_FORMAT_VERSION);
        f.putLong(HEADER + MAM_REMAINING, capacityMb << 20);
        f.putLong(HEADER + MAM_MAX, capacityMb << 20);
        f.put(HEADER + MAM_SERIAL, (barcode + "_" + System.currentTimeMillis() / 1000).getBytes(StandardCharsets.US_ASCII));
        f.put(HEADER + MAM_TYPE, (byte) CART_DATA);
        f.put(HEADER + MAM_BARCODE, String.format("%-31s", barcode).getBytes(StandardCharsets.US_ASCII));
        header(f, (int) FIRST, 0, 0, BLK_EOD, 1, 0, FIRST, FIRST);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(f.clear(), 0);
            ch.force(true);
        }
    }

    /** Opens a cartridge; a file the process may not write is a write-protected cartridge. */
    static Cartridge open(Path file) throws IOException {
        boolean writable = Files.isWritable(file);
        FileChannel ch = writable ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new Cartridge(file, ch, !writable);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Opens a cartridge to look at it (inventory); it writes nothing, even on close. */
    static Cartridge openReadOnly(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new Cartridge(file, ch, true);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void index() throws IOException {
        ByteBuffer h = read(0, HEADER);
        if (h.getInt(12) != BLK_BOT) {
            throw new IOException(file + ": no BOT header at offset 0");
        }
        long at = h.getLong(40);
        long size = channel.size();
        while (true) {
            if (at < FIRST || at + HEADER > size) {
                throw new IOException(file + ": block header chain leaves the file at offset " + at);
            }
            h = read(at, HEADER);
            int type = h.getInt(12);
            if (type == BLK_EOD) {
                eod = at;
                return;
            }
            if (type != BLK_FILEMARK && type != BLK_DATA && type != BLK_COMPRESSED) {
                throw new IOException(file + ": unsupported block type 0x" + Integer.toHexString(type) + " at " + at);
            }
            if (type == BLK_COMPRESSED) {
                throw new IOException(file + ": compressed blocks are not supported (offset " + at + ")");
            }
            add(at, type == BLK_FILEMARK ? 0 : h.getInt(4), type == BLK_FILEMARK);
            long next = h.getLong(40);
            if (next <= at) {
                throw new IOException(file + ": block header chain loops at offset " + at);
            }
            at = next;
        }
    }

    private void add(long offset, int size, boolean filemark) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
            filemarks = Arrays.copyOf(filemarks, count * 2);
        }
        offsets[count] = offset;
        sizes[count] = size;
        filemarks[count] = filemark;
        count++;
    }

    /** Logical objects recorded (blocks and filemarks); object {@code objects()} is EOD. */
    int objects() {
        return count;
    }

    boolean isFilemark(int object) {
        return filemarks[object];
    }

    /** The data block's length in bytes (0 for a filemark). */
    int blockLength(int object) {
        return sizes[object];
    }

    /** Filemarks before {@code object} (SSC's logical file identifier there). */
    long filemarksBefore(int object) {
        long n = 0;
        for (int i = 0; i < object; i++) {
            n += filemarks[i] ? 1 : 0;
        }
        return n;
    }

    /** Appends the first {@code length} bytes of {@code object}'s data to {@code out}. */
    void read(int object, int length, ByteBuf out) throws IOException {
        int n = Math.min(length, sizes[object]);
        int got = out.writeBytes(channel, offsets[object] + HEADER, n);
        if (got != n) {
            throw new IOException(file + ": short read of block " + object);
        }
    }

    /** Replaces everything from {@code object} on with end of data (a write or ERASE there). */
    void truncate(int object) throws IOException {
        if (object >= count) {
            return;
        }
        long at = offsets[object];
        long prev = object == 0 ? 0 : offsets[object - 1];
        writeHeader(at, 0, 0, BLK_EOD, object + 1L, prev, at, at);
        count = object;
        eod = at;
        channel.truncate(at + HEADER);
    }

    /**
     * Appends a data block ({@code data} not null, its readable bytes, left unread) or a filemark at the
     * end of data; the caller truncated to its position first.
     */
    void append(ByteBuf data) throws IOException {
        int size = data == null ? 0 : data.readableBytes();
        long at = eod;
        long prev = count == 0 ? 0 : offsets[count - 1];
        long next = at + HEADER + size;
        if (data != null) {
            int written = data.getBytes(data.readerIndex(), channel, at + HEADER, size);
            if (written != size) {
                throw new IOException(file + ": short write");
            }
        }
        writeHeader(next, 0, 0, BLK_EOD, count + 2L, at, next, next);
        writeHeader(at, size, size, data == null ? BLK_FILEMARK : BLK_DATA, count + 1L, prev, at, next);
        add(at, size, data == null);
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
        channel.write(r, HEADER + MAM_REMAINING);
        channel.force(false);
    }

    /** Counts a load in the MAM (tgt's load_count). */
    void countLoad() throws IOException {
        if (!writeProtected) {
            long n = read(HEADER + MAM_LOAD_COUNT, 8).getLong(0);
            channel.write(ByteBuffer.allocate(8).putLong(0, n + 1), HEADER + MAM_LOAD_COUNT);
        }
    }

    private void writeHeader(long at, int ondisk, int blkSz, int type, long num, long prev, long curr, long next)
            throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        header(h, 0, ondisk, blkSz, type, num, prev, curr, next);
        channel.write(h, at);
    }

    private static void header(ByteBuffer b, int at, int ondisk, int blkSz, int type, long num, long prev,
            long curr, long next) {
        b.putInt(at + 4, ondisk).putInt(at + 8, blkSz).putInt(at + 12, type).putLong(at + 16, num)
                .putLong(at + 24, prev).putLong(at + 32, curr).putLong(at + 40, next);
    }

    private ByteBuffer read(long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, at + b.position()) < 0) {
                throw new IOException(file + ": truncated at offset " + (at + b.position()));
            }
        }
        return b.flip();
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
