package io.quiver.handler.tape.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The sequential-access state machine of one drive (SSC-3 4.2): the cartridge in it, whether it is
 * loaded, the logical position (the logical object identifier: blocks and filemarks from BOP), the
 * block length of fixed mode (0 = variable mode), PREVENT ALLOW MEDIUM REMOVAL per nexus, and counters
 * for LOG SENSE. Every method answers with the sense data of its outcome, {@code null} for GOOD;
 * residues in the INFORMATION field count blocks in fixed mode and bytes in variable mode.
 *
 * <p>The early-warning zone is the last sixteenth of the cartridge's capacity (at most 32 MiB): writes
 * that end inside it succeed with EOM; a write that would pass the capacity fails with VOLUME OVERFLOW.
 *
 * <p>Thread-safe: every method is synchronized (the device's threads and the changer call it).
 */
final class TapeDrive {

    static final int MAX_BLOCK = 0xFF_FFFF;
    static final int DEFAULT_BLOCK = 0;

    private Cartridge cartridge;
    private boolean loaded;
    private int position;
    private int blockLength = DEFAULT_BLOCK;
    private final Set<Long> preventing = new HashSet<>();
    private final TapeCounters counters = new TapeCounters();

    // ---- medium ----

    /** Puts a cartridge in the empty drive and loads it at BOP (a library's drive loads on insertion). */
    synchronized void insert(Cartridge c) throws IOException {
        if (cartridge != null) {
            throw new IllegalStateException("drive is full");
        }
        cartridge = c;
        loaded = true;
        position = 0;
        c.countLoad();
        counters.loaded();
    }

    /** Whether PREVENT ALLOW MEDIUM REMOVAL holds the cartridge in the drive. */
    synchronized boolean removalPrevented() {
        return !preventing.isEmpty();
    }

    /** Takes the cartridge out (flushing it), or {@code null} if the drive is empty. */
    synchronized Cartridge remove() throws IOException {
        Cartridge c = cartridge;
        if (c != null) {
            c.sync();
        }
        cartridge = null;
        loaded = false;
        position = 0;
        return c;
    }

    synchronized Cartridge cartridge() {
        return cartridge;
    }

    /** LOAD UNLOAD: loads the cartridge at BOP, or rewinds and unloads it (it stays in the drive for the changer). */
    synchronized SenseData load(boolean load) throws IOException {
        if (cartridge == null) {
            return TapeSense.notReady();
        }
        if (!load && !preventing.isEmpty()) {
            return SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.MEDIUM_REMOVAL_PREVENTED);
        }
        cartridge.sync();
        position = 0;
        if (load && !loaded) {
            cartridge.countLoad();
            counters.loaded();
        }
        loaded = load;
        return null;
    }

    /** NOT READY, MEDIUM NOT PRESENT unless a cartridge is loaded. */
    synchronized SenseData ready() {
        return loaded ? null : TapeSense.notReady();
    }

    synchronized void prevent(long nexus, boolean prevent) {
        if (prevent) {
            preventing.add(nexus);
        } else {
            preventing.remove(nexus);
        }
    }

    synchronized void nexusLost(long nexus) {
        preventing.remove(nexus);
    }

    synchronized void reset() {
        preventing.clear();
    }

    // ---- mode ----

    synchronized int blockLength() {
        return blockLength;
    }

    synchronized void blockLength(int length) {
        if (length < 0 || length > MAX_BLOCK) {
            throw new IllegalArgumentException("block length " + length);
        }
        this.blockLength = length;
    }

    // ---- position ----

    synchronized int position() {
        return position;
    }

    synchronized long fileNumber() {
        return loaded ? cartridge.filemarksBefore(position) : 0;
    }

    /** At EOD inside the early-warning zone (READ POSITION's BPEW and EOP). */
    synchronized boolean pastEarlyWarning() {
        return loaded && position == cartridge.objects() && inEarlyWarning(cartridge.used());
    }

    synchronized TapeCounters counters() {
        return counters;
    }

    synchronized SenseData rewind() throws IOException {
        SenseData s = ready();
        if (s == null) {
            cartridge.sync();
            position = 0;
        }
        return s;
    }

    /** LOCATE to a logical object; past EOD it stops at EOD with BLANK CHECK. */
    synchronized SenseData locate(long object) {
        SenseData s = ready();
        if (s != null) {
            return s;
        }
        if (object > cartridge.objects()) {
            position = cartridge.objects();
            return TapeSense.endOfData(0);
        }
        position = (int) object;
        return null;
    }

    /** LOCATE (16) to the first object of logical file {@code file} (after that many filemarks). */
    synchronized SenseData locateFile(long file) {
        SenseData s = ready();
        if (s != null) {
            return s;
        }
        position = 0;
        return file == 0 ? null : spaceFilemarks(file);
    }

    /** SPACE to end of data. */
    synchronized SenseData spaceToEnd() {
        SenseData s = ready();
        if (s == null) {
            position = cartridge.objects();
        }
        return s;
    }

    /** SPACE over {@code count} blocks (negative: backwards), stopping at a filemark, BOP or EOD. */
    synchronized SenseData spaceBlocks(long count) {
        SenseData s = ready();
        if (s != null) {
            return s;
        }
        for (long k = 0; k < Math.abs(count); k++) {
            long residue = count > 0 ? count - k : count + k;
            if (count > 0) {
                if (position == cartridge.objects()) {
                    return TapeSense.endOfData(residue);
                }
                if (cartridge.isFilemark(position++)) {
                    return TapeSense.filemark(residue);
                }
            } else {
                if (position == 0) {
                    return TapeSense.beginningOfPartition(residue);
                }
                if (cartridge.isFilemark(--position)) {
                    return TapeSense.filemark(residue);
                }
            }
        }
        return null;
    }

    /** SPACE over {@code count} filemarks; backwards it stops on the BOP side of the last one crossed. */
    synchronized SenseData spaceFilemarks(long count) {
        SenseData s = ready();
        if (s != null) {
            return s;
        }
        long crossed = 0;
        while (crossed < Math.abs(count)) {
            long residue = count > 0 ? count - crossed : count + crossed;
            if (count > 0) {
                if (position == cartridge.objects()) {
                    return TapeSense.endOfData(residue);
                }
                crossed += cartridge.isFilemark(position++) ? 1 : 0;
            } else {
                if (position == 0) {
                    return TapeSense.beginningOfPartition(residue);
                }
                crossed += cartridge.isFilemark(--position) ? 1 : 0;
            }
        }
        return null;
    }

    // ---- data ----

    /**
     * READ (6): in fixed mode {@code count} blocks of {@link #blockLength()}, in variable mode one block
     * of at most {@code count} bytes; data goes to {@code out} up to where the read stopped.
     */
    synchronized SenseData read(boolean fixed, boolean sili, int count, ByteBuf out) throws IOException {
        SenseData s = ready();
        if (s != null || count == 0) {
            return s;
        }
        if (!fixed) {
            return readVariable(sili, count, out);
        }
        for (int i = 0; i < count; i++) {
            if (position == cartridge.objects()) {
                return TapeSense.endOfData(count - i);
            }
            if (cartridge.isFilemark(position)) {
                position++;
                return TapeSense.filemark(count - i);
            }
            int size = cartridge.blockLength(position);
            if (size != blockLength) {
                position++;
                return TapeSense.incorrectLength(count - i);
            }
            cartridge.read(position++, size, out);
            counters.read(size);
        }
        return null;
    }

    private SenseData readVariable(boolean sili, int length, ByteBuf out) throws IOException {
        if (position == cartridge.objects()) {
            return TapeSense.endOfData(length);
        }
        if (cartridge.isFilemark(position)) {
            position++;
            return TapeSense.filemark(length);
        }
        int size = cartridge.blockLength(position);
        cartridge.read(position++, length, out);
        counters.read(Math.min(size, length));
        if (size == length || (size < length && sili)) {
            return null;
        }
        return TapeSense.incorrectLength((long) length - size);
    }

    /**
     * WRITE (6) at the current position (what follows is lost): {@code count} blocks of the block length
     * in fixed mode ({@code data} holds them all), one block of {@code data}'s length in variable mode.
     */
    synchronized SenseData write(boolean fixed, int count, ByteBuf data, boolean lunWriteProtected) throws IOException {
        SenseData s = writable(lunWriteProtected);
        if (s != null || count == 0) {
            return s;
        }
        int size = fixed ? blockLength : data.readableBytes();
        int blocks = fixed ? count : 1;
        cartridge.truncate(position);
        for (int i = 0; i < blocks; i++) {
            if (cartridge.used() + Cartridge.HEADER + size > cartridge.capacity()) {
                return TapeSense.volumeOverflow(fixed ? blocks - i : size);
            }
            cartridge.append(data.slice(data.readerIndex() + i * size, size));
            position++;
            counters.written(size);
        }
        return inEarlyWarning(cartridge.used()) ? TapeSense.earlyWarning(0) : null;
    }

    /** WRITE FILEMARKS (6); {@code count} 0 only flushes, as Linux's st asks before it reads or closes. */
    synchronized SenseData writeFilemarks(int count, boolean lunWriteProtected) throws IOException {
        SenseData s = count == 0 ? ready() : writable(lunWriteProtected);
        if (s != null) {
            return s;
        }
        if (count > 0) {
            cartridge.truncate(position);
        }
        for (int i = 0; i < count; i++) {
            if (cartridge.used() + Cartridge.HEADER > cartridge.capacity()) {
                cartridge.sync();
                return TapeSense.volumeOverflow(count - i);
            }
            cartridge.append(null);
            position++;
        }
        cartridge.sync();
        return count > 0 && inEarlyWarning(cartridge.used()) ? TapeSense.earlyWarning(0) : null;
    }

    /** ERASE: end of data at the current position (short and long erase alike). */
    synchronized SenseData erase(boolean lunWriteProtected) throws IOException {
        SenseData s = writable(lunWriteProtected);
        if (s == null) {
            cartridge.truncate(position);
            cartridge.sync();
        }
        return s;
    }

    /** Flushes the cartridge (SYNCHRONIZE, close). */
    synchronized void sync() throws IOException {
        if (cartridge != null) {
            cartridge.sync();
        }
    }

    /** NOT READY or DATA PROTECT if a write cannot go to the cartridge now, else {@code null}. */
    synchronized SenseData writable(boolean lunWriteProtected) {
        SenseData s = ready();
        if (s == null && (lunWriteProtected || cartridge.writeProtected())) {
            return TapeSense.writeProtected();
        }
        return s;
    }

    private boolean inEarlyWarning(long used) {
        long zone = Math.min(cartridge.capacity() / 16, 32L << 20);
        return used > cartridge.capacity() - zone;
    }

    /** Whether writes are refused (for the mode parameter header's WP bit). */
    synchronized boolean writeProtected() {
        return cartridge != null && cartridge.writeProtected();
    }
}
