package io.quiver.handler.tape.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The on-disk layout of tgt's tape cartridges ({@code usr/bs_ssc.h}, {@code usr/libssc.c}): 48-byte
 * big-endian block headers {@code {h_csum[4], ondisk_sz, blk_sz, blk_type, blk_num, prev, curr, next}},
 * the BOT header at offset 0 (its {@code blk_sz} is the capacity in MB), the 1104-byte MAM right after
 * it, and the first logical object's header at {@value #FIRST}. Field offsets and values are tgt's, so
 * the files stay interchangeable with {@code tgtimg} and tgtd; {@code h_csum} stays 0 as tgt writes it.
 *
 * <p>Stateless.
 */
final class TgtTapeFormat {

    static final int HEADER = 48;
    static final int MAM_SIZE = 1104;
    static final long FIRST = HEADER + MAM_SIZE;
    static final int BLK_DATA = 0x02;
    static final int BLK_COMPRESSED = 0x01;
    static final int BLK_BOT = 0x10;
    static final int BLK_EOD = 0x20;
    static final int BLK_FILEMARK = 0x40;
    /** Header field offsets. */
    static final int H_ONDISK_SZ = 4;
    static final int H_TYPE = 12;
    static final int H_NEXT = 40;
    /** MAM field offsets (from the MAM's start), as tgt's {@code struct MAM} lays them out. */
    static final int MAM_VERSION = 0;
    static final int MAM_REMAINING = 8;
    static final int MAM_MAX = 16;
    static final int MAM_LOAD_COUNT = 32;
    private static final int MAM_SERIAL = 264;
    private static final int MAM_TYPE = 336;
    private static final int MAM_BARCODE = 568;
    private static final int CART_DATA = 1;
    static final int TAPE_FORMAT_VERSION = 2;

    private TgtTapeFormat() {
    }

    /** A blank data cartridge's file, as {@code tgtimg --op new --type data} writes it: BOT, MAM, EOD. */
    static ByteBuffer blank(String barcode, long capacityMb) {
        ByteBuffer f = ByteBuffer.allocate((int) FIRST + HEADER);
        header(f, 0, 0, (int) capacityMb, BLK_BOT, 0, 0, 0, FIRST);
        f.putInt(HEADER + MAM_VERSION, TAPE_FORMAT_VERSION);
        f.putLong(HEADER + MAM_REMAINING, capacityMb << 20);
        f.putLong(HEADER + MAM_MAX, capacityMb << 20);
        f.put(HEADER + MAM_SERIAL, (barcode + "_" + System.currentTimeMillis() / 1000).getBytes(StandardCharsets.US_ASCII));
        f.put(HEADER + MAM_TYPE, (byte) CART_DATA);
        f.put(HEADER + MAM_BARCODE, String.format("%-31s", barcode).getBytes(StandardCharsets.US_ASCII));
        header(f, (int) FIRST, 0, 0, BLK_EOD, 1, 0, FIRST, FIRST);
        return f.clear();
    }

    /** The barcode in a MAM, trimmed. */
    static String barcode(ByteBuffer mam) {
        byte[] b = new byte[32];
        mam.get(MAM_BARCODE, b);
        return new String(b, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
    }

    /**
     * Walks the header chain from BOT to EOD once into {@code index}, refusing what tgt would not have
     * written (compressed blocks included: this drive does not decompress).
     *
     * @return the EOD header's offset
     */
    static long index(Path file, FileChannel channel, ObjectIndex index) throws IOException {
        ByteBuffer h = read(file, channel, 0, HEADER);
        if (h.getInt(H_TYPE) != BLK_BOT) {
            throw new IOException(file + ": no BOT header at offset 0");
        }
        long at = h.getLong(H_NEXT);
        long size = channel.size();
        while (true) {
            if (at < FIRST || at + HEADER > size) {
                throw new IOException(file + ": block header chain leaves the file at offset " + at);
            }
            h = read(file, channel, at, HEADER);
            int type = h.getInt(H_TYPE);
            if (type == BLK_EOD) {
                return at;
            }
            if (type != BLK_FILEMARK && type != BLK_DATA && type != BLK_COMPRESSED) {
                throw new IOException(file + ": unsupported block type 0x" + Integer.toHexString(type) + " at " + at);
            }
            if (type == BLK_COMPRESSED) {
                throw new IOException(file + ": compressed blocks are not supported (offset " + at + ")");
            }
            index.add(at, type == BLK_FILEMARK ? 0 : h.getInt(H_ONDISK_SZ), type == BLK_FILEMARK);
            long next = h.getLong(H_NEXT);
            if (next <= at) {
                throw new IOException(file + ": block header chain loops at offset " + at);
            }
            at = next;
        }
    }

    /** {@code length} bytes at {@code at}; a file that ends first is no cartridge. */
    static ByteBuffer read(Path file, FileChannel channel, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, at + b.position()) < 0) {
                throw new IOException(file + ": truncated at offset " + (at + b.position()));
            }
        }
        return b.flip();
    }

    /** One block header on its own. */
    static ByteBuffer header(int ondisk, int blkSz, int type, long num, long prev, long curr, long next) {
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        header(h, 0, ondisk, blkSz, type, num, prev, curr, next);
        return h;
    }

    private static void header(ByteBuffer b, int at, int ondisk, int blkSz, int type, long num, long prev,
            long curr, long next) {
        b.putInt(at + 4, ondisk).putInt(at + 8, blkSz).putInt(at + 12, type).putLong(at + 16, num)
                .putLong(at + 24, prev).putLong(at + 32, curr).putLong(at + 40, next);
    }
}
