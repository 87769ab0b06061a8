package io.quiver.handler.tape.impl;

import java.util.Arrays;

/**
 * A cartridge's logical objects in memory: for object {@code i} (SSC's logical object identifier, 0 the
 * first after BOP) the file offset of its header, its data length and whether it is a filemark. Built
 * once when the cartridge opens, so positioning never walks the file's header chain; cut back when a
 * write or ERASE ends the data earlier.
 *
 * <p>Not thread-safe: its cartridge's drive serializes access.
 */
final class ObjectIndex {

    private long[] offsets = new long[64];
    private int[] sizes = new int[64];
    private boolean[] filemarks = new boolean[64];
    private int count;

    void add(long offset, int size, boolean filemark) {
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

    /** Forgets object {@code object} and every one after it. */
    void cut(int object) {
        count = object;
    }

    int count() {
        return count;
    }

    long offset(int object) {
        return offsets[object];
    }

    int size(int object) {
        return sizes[object];
    }

    boolean isFilemark(int object) {
        return filemarks[object];
    }

    /** Filemarks before {@code object} (SSC's logical file identifier there). */
    long filemarksBefore(int object) {
        long n = 0;
        for (int i = 0; i < object; i++) {
            n += filemarks[i] ? 1 : 0;
        }
        return n;
    }
}
