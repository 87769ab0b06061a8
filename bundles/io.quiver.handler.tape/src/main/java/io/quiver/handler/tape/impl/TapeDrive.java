package io.quiver.handler.tape.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import java.io.IOException;

/**
 * The sequential-access state machine of one drive (SSC-3 4.2): the cartridge in it, whether it is
 * loaded, the logical position (the logical object identifier: blocks and filemarks from BOP), the
 * block length of fixed mode (0 = variable mode), its {@link MediumRemoval} and counters for LOG SENSE.
 * Every method answers with the sense data of its outcome, {@code null} for GOOD; residues in the INFORMATION field count blocks in fixed mode and bytes in variable mode.
 *
 * <p>This class checks readiness and write protection; {@link LogicalPosition} does the positioning
 * commands and {@link BlockTransfer} the data movement (with the early-warning zone) under its lock.
 *
 * <p>Thread-safe: every method is synchronized (the device's threads and the changer call it).
 */
final class TapeDrive {

    static final int MAX_BLOCK = 0xFF_FFFF;
    static final int DEFAULT_BLOCK = 0;

    private Cartridge cartridge;
    private boolean loaded;
    private final LogicalPosition position = new LogicalPosition();
    private int blockLength = DEFAULT_BLOCK;
    private final MediumRemoval removal = new MediumRemoval();
    private final TapeCounters counters = new TapeCounters();

    /** Puts a cartridge in the empty drive and loads it at BOP (a library's drive loads on insertion). */
    synchronized void insert(Cartridge c) throws IOException {
        if (cartridge != null) {
            throw new IllegalStateException("drive is full");
        }
        cartridge = c;
        loaded = true;
        position.set(0);
        c.countLoad();
        counters.loaded();
    }

    /** Whether PREVENT ALLOW MEDIUM REMOVAL holds the cartridge in the drive. */
    boolean removalPrevented() {
        return removal.prevented();
    }

    /** Takes the cartridge out (flushing it), or {@code null} if the drive is empty. */
    synchronized Cartridge remove() throws IOException {
        Cartridge c = cartridge;
        if (c != null) {
            c.sync();
        }
        cartridge = null;
        loaded = false;
        position.set(0);
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
        if (!load && removal.prevented()) {
            return SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.MEDIUM_REMOVAL_PREVENTED);
        }
        cartridge.sync();
        position.set(0);
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

    /** PREVENT ALLOW MEDIUM REMOVAL per nexus (also the device's nexus loss and reset). */
    MediumRemoval removal() {
        return removal;
    }

    synchronized int blockLength() {
        return blockLength;
    }

    synchronized void blockLength(int length) {
        if (length < 0 || length > MAX_BLOCK) {
            throw new IllegalArgumentException("block length " + length);
        }
        this.blockLength = length;
    }

    synchronized int position() {
        return position.get();
    }

    synchronized long fileNumber() {
        return loaded ? cartridge.filemarksBefore(position.get()) : 0;
    }

    /** At EOD inside the early-warning zone (READ POSITION's BPEW and EOP). */
    synchronized boolean pastEarlyWarning() {
        return loaded && position.atEndOfData(cartridge) && BlockTransfer.inEarlyWarning(cartridge);
    }

    synchronized TapeCounters counters() {
        return counters;
    }

    synchronized SenseData rewind() throws IOException {
        SenseData s = ready();
        if (s == null) {
            cartridge.sync();
            position.set(0);
        }
        return s;
    }

    /** LOCATE to a logical object; past EOD it stops at EOD with BLANK CHECK. */
    synchronized SenseData locate(long object) {
        SenseData s = ready();
        return s != null ? s : position.locate(cartridge, object);
    }

    /** LOCATE (16) to the first object of logical file {@code file} (after that many filemarks). */
    synchronized SenseData locateFile(long file) {
        SenseData s = ready();
        return s != null ? s : position.locateFile(cartridge, file);
    }

    /** SPACE to end of data. */
    synchronized SenseData spaceToEnd() {
        SenseData s = ready();
        if (s == null) {
            position.spaceToEnd(cartridge);
        }
        return s;
    }

    /** SPACE over {@code count} blocks (negative: backwards), stopping at a filemark, BOP or EOD. */
    synchronized SenseData spaceBlocks(long count) {
        SenseData s = ready();
        return s != null ? s : position.spaceBlocks(cartridge, count);
    }

    /** SPACE over {@code count} filemarks; backwards it stops on the BOP side of the last one crossed. */
    synchronized SenseData spaceFilemarks(long count) {
        SenseData s = ready();
        return s != null ? s : position.spaceFilemarks(cartridge, count);
    }

    /**
     * READ (6): in fixed mode {@code count} blocks of {@link #blockLength()}, in variable mode one block
     * of at most {@code count} bytes; data goes to {@code out} up to where the read stopped.
     */
    synchronized SenseData read(boolean fixed, boolean sili, int count, ByteBuf out) throws IOException {
        SenseData s = ready();
        if (s != null || count == 0) {
            return s;
        }
        return fixed ? BlockTransfer.readFixed(cartridge, position, counters, blockLength, count, out)
                : BlockTransfer.readVariable(cartridge, position, counters, sili, count, out);
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
        return BlockTransfer.write(cartridge, position, counters, fixed, fixed ? count : 1,
                fixed ? blockLength : data.readableBytes(), data);
    }

    /** WRITE FILEMARKS (6); {@code count} 0 only flushes, as Linux's st asks before it reads or closes. */
    synchronized SenseData writeFilemarks(int count, boolean lunWriteProtected) throws IOException {
        SenseData s = count == 0 ? ready() : writable(lunWriteProtected);
        return s != null ? s : BlockTransfer.writeFilemarks(cartridge, position, count);
    }

    /** ERASE: end of data at the current position (short and long erase alike). */
    synchronized SenseData erase(boolean lunWriteProtected) throws IOException {
        SenseData s = writable(lunWriteProtected);
        if (s == null) {
            BlockTransfer.erase(cartridge, position);
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

    /** Whether writes are refused (for the mode parameter header's WP bit). */
    synchronized boolean writeProtected() {
        return cartridge != null && cartridge.writeProtected();
    }
}
