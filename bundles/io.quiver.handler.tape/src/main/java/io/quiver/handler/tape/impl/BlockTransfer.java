package io.quiver.handler.tape.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.SenseData;
import java.io.IOException;

/**
 * The data movement of READ (6), WRITE (6), WRITE FILEMARKS (6) and ERASE (SSC-3 6.x) on a loaded
 * cartridge at its drive's {@link LogicalPosition}: fixed mode moves {@code count} blocks of the drive's
 * block length, variable mode one block. A read stops at a filemark, at EOD or at a block of another
 * length; a write replaces everything after the position (a tape has no overwrite in the middle). The
 * early-warning zone is the last sixteenth of the capacity (at most 32 MiB): writes that end inside it
 * succeed with EOM; a write that would pass the capacity fails with VOLUME OVERFLOW. Residues count
 * blocks in fixed mode and bytes in variable mode.
 *
 * <p>Stateless; its {@link TapeDrive} holds its lock and has checked readiness and write protection.
 */
final class BlockTransfer {

    private BlockTransfer() {
    }

    /** Fixed-mode READ of {@code count} blocks of {@code blockLength}; data goes to {@code out}. */
    static SenseData readFixed(Cartridge c, LogicalPosition p, TapeCounters n, int blockLength, int count,
            ByteBuf out) throws IOException {
        for (int i = 0; i < count; i++) {
            if (p.atEndOfData(c)) {
                return TapeSense.endOfData(count - i);
            }
            if (c.isFilemark(p.get())) {
                p.next();
                return TapeSense.filemark(count - i);
            }
            int size = c.blockLength(p.get());
            if (size != blockLength) {
                p.next();
                return TapeSense.incorrectLength(count - i);
            }
            c.read(p.next(), size, out);
            n.read(size);
        }
        return null;
    }

    /** Variable-mode READ of one block of at most {@code length} bytes; SILI accepts a shorter block. */
    static SenseData readVariable(Cartridge c, LogicalPosition p, TapeCounters n, boolean sili, int length,
            ByteBuf out) throws IOException {
        if (p.atEndOfData(c)) {
            return TapeSense.endOfData(length);
        }
        if (c.isFilemark(p.get())) {
            p.next();
            return TapeSense.filemark(length);
        }
        int size = c.blockLength(p.get());
        c.read(p.next(), length, out);
        n.read(Math.min(size, length));
        if (size == length || (size < length && sili)) {
            return null;
        }
        return TapeSense.incorrectLength((long) length - size);
    }

    /** WRITE of {@code blocks} blocks of {@code size} bytes, all in {@code data}, at the position. */
    static SenseData write(Cartridge c, LogicalPosition p, TapeCounters n, boolean fixed, int blocks, int size,
            ByteBuf data) throws IOException {
        c.truncate(p.get());
        for (int i = 0; i < blocks; i++) {
            if (c.used() + TgtTapeFormat.HEADER + size > c.capacity()) {
                return TapeSense.volumeOverflow(fixed ? blocks - i : size);
            }
            c.append(data.slice(data.readerIndex() + i * size, size));
            p.next();
            n.written(size);
        }
        return inEarlyWarning(c) ? TapeSense.earlyWarning(0) : null;
    }

    /** WRITE FILEMARKS of {@code count} filemarks, then a flush ({@code count} 0 only flushes). */
    static SenseData writeFilemarks(Cartridge c, LogicalPosition p, int count) throws IOException {
        if (count > 0) {
            c.truncate(p.get());
        }
        for (int i = 0; i < count; i++) {
            if (c.used() + TgtTapeFormat.HEADER > c.capacity()) {
                c.sync();
                return TapeSense.volumeOverflow(count - i);
            }
            c.append(null);
            p.next();
        }
        c.sync();
        return count > 0 && inEarlyWarning(c) ? TapeSense.earlyWarning(0) : null;
    }

    /** ERASE: end of data at the position (short and long erase alike). */
    static void erase(Cartridge c, LogicalPosition p) throws IOException {
        c.truncate(p.get());
        c.sync();
    }

    /** Whether the recorded data ends inside the early-warning zone. */
    static boolean inEarlyWarning(Cartridge c) {
        long zone = Math.min(c.capacity() / 16, 32L << 20);
        return c.used() > c.capacity() - zone;
    }
}
