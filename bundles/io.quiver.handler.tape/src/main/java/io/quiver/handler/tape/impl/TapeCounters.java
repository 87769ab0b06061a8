package io.quiver.handler.tape.impl;

/**
 * What LOG SENSE reports of a drive (write and read error counters, volume statistics): bytes and
 * blocks moved and cartridge loads since the drive started. Errors are never corrected here, so the
 * error counters stay zero. Guarded by its {@link TapeDrive}'s lock.
 */
final class TapeCounters {

    long bytesWritten;
    long blocksWritten;
    long bytesRead;
    long blocksRead;
    long loads;

    void written(int bytes) {
        bytesWritten += bytes;
        blocksWritten++;
    }

    void read(int bytes) {
        bytesRead += bytes;
        blocksRead++;
    }

    void loaded() {
        loads++;
    }
}
