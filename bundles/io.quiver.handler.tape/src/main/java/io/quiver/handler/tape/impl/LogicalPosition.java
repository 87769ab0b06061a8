package io.quiver.handler.tape.impl;

import io.quiver.scsi.SenseData;

/**
 * A drive's logical position on its cartridge (SSC-3 4.2.x): the logical object identifier, 0 at BOP,
 * {@link Cartridge#objects()} at EOD, and the positioning commands that move it: LOCATE to an object or
 * a logical file, SPACE over blocks or filemarks in either direction, SPACE to end of data. A motion
 * that meets a filemark, BOP or EOD stops there and answers the sense SSC asks for, with the residue (the
 * count not done) in the INFORMATION field; {@code null} is GOOD.
 *
 * <p>Not thread-safe: its {@link TapeDrive}'s lock guards it, and the drive checks it is ready first.
 */
final class LogicalPosition {

    private int object;

    int get() {
        return object;
    }

    void set(int object) {
        this.object = object;
    }

    /** The object at the position, then one past it (a block or filemark was read or written). */
    int next() {
        return object++;
    }

    /** Whether the position is end of data. */
    boolean atEndOfData(Cartridge c) {
        return object == c.objects();
    }

    /** LOCATE to a logical object; past EOD it stops at EOD with BLANK CHECK. */
    SenseData locate(Cartridge c, long to) {
        if (to > c.objects()) {
            object = c.objects();
            return TapeSense.endOfData(0);
        }
        object = (int) to;
        return null;
    }

    /** LOCATE (16) to the first object of logical file {@code file} (after that many filemarks). */
    SenseData locateFile(Cartridge c, long file) {
        object = 0;
        return file == 0 ? null : spaceFilemarks(c, file);
    }

    /** SPACE to end of data. */
    void spaceToEnd(Cartridge c) {
        object = c.objects();
    }

    /** SPACE over {@code count} blocks (negative: backwards), stopping at a filemark, BOP or EOD. */
    SenseData spaceBlocks(Cartridge c, long count) {
        for (long k = 0; k < Math.abs(count); k++) {
            long residue = count > 0 ? count - k : count + k;
            if (count > 0) {
                if (object == c.objects()) {
                    return TapeSense.endOfData(residue);
                }
                if (c.isFilemark(object++)) {
                    return TapeSense.filemark(residue);
                }
            } else {
                if (object == 0) {
                    return TapeSense.beginningOfPartition(residue);
                }
                if (c.isFilemark(--object)) {
                    return TapeSense.filemark(residue);
                }
            }
        }
        return null;
    }

    /** SPACE over {@code count} filemarks; backwards it stops on the BOP side of the last one crossed. */
    SenseData spaceFilemarks(Cartridge c, long count) {
        long crossed = 0;
        while (crossed < Math.abs(count)) {
            long residue = count > 0 ? count - crossed : count + crossed;
            if (count > 0) {
                if (object == c.objects()) {
                    return TapeSense.endOfData(residue);
                }
                crossed += c.isFilemark(object++) ? 1 : 0;
            } else {
                if (object == 0) {
                    return TapeSense.beginningOfPartition(residue);
                }
                crossed += c.isFilemark(--object) ? 1 : 0;
            }
        }
        return null;
    }
}
