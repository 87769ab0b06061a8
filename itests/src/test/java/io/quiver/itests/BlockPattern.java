package io.quiver.itests;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Self-describing 512-byte blocks for durability checks: each block carries its own LBA, the generation
 * of the write that produced it, a filler derived from both, and a CRC32C over all of it, so a block read
 * back tells which write it came from, or that it is torn, misplaced or never written. Stateless.
 */
final class BlockPattern {

    static final int BLOCK = 512;
    /** What {@link #generation} answers for a block that no write ever reached (all zeros). */
    static final int NEVER_WRITTEN = 0;
    /** What {@link #generation} answers for a block that is no whole block of this pattern. */
    static final int CORRUPT = -1;

    private static final int CRC_OFFSET = BLOCK - 4;

    private BlockPattern() {
    }

    /** {@code blocks} blocks starting at {@code lba}, all of generation {@code generation} (above 0). */
    static byte[] blocks(long lba, int blocks, int generation) {
        ByteBuffer b = ByteBuffer.allocate(blocks * BLOCK);
        for (int i = 0; i < blocks; i++) {
            int base = i * BLOCK;
            b.putLong(base, lba + i).putInt(base + 8, generation);
            long filler = (lba + i) * 0x9E3779B97F4A7C15L ^ generation;
            for (int off = 12; off < CRC_OFFSET; off += 4) {
                filler = filler * 6364136223846793005L + 1442695040888963407L;
                b.putInt(base + off, (int) (filler >>> 32));
            }
            b.putInt(base + CRC_OFFSET, crc(b.array(), base));
        }
        return b.array();
    }

    /**
     * The generation of the block at {@code offset} of {@code data}, read from {@code lba}: {@link
     * #NEVER_WRITTEN} for zeros, {@link #CORRUPT} when the checksum or the LBA does not match.
     */
    static int generation(byte[] data, int offset, long lba) {
        ByteBuffer b = ByteBuffer.wrap(data);
        boolean zero = true;
        for (int i = offset; i < offset + BLOCK && zero; i++) {
            zero = data[i] == 0;
        }
        if (zero) {
            return NEVER_WRITTEN;
        }
        if (b.getInt(offset + CRC_OFFSET) != crc(data, offset) || b.getLong(offset) != lba) {
            return CORRUPT;
        }
        return b.getInt(offset + 8);
    }

    private static int crc(byte[] data, int offset) {
        CRC32C c = new CRC32C();
        c.update(data, offset, CRC_OFFSET);
        return (int) c.getValue();
    }
}
