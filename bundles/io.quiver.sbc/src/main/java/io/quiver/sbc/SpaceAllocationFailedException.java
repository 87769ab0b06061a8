package io.quiver.sbc;

import java.io.IOException;

/**
 * Thrown by a thin {@link BlockStore}'s {@link BlockStore#write write} when it cannot get the space the
 * write needs (a ramdisk out of memory, a thin file on a full file system). The command set answers the
 * write with DATA PROTECT, SPACE ALLOCATION FAILED WRITE PROTECT, as SBC-4 4.7.3.7 asks of a thin provisioned
 * logical unit whose resources are exhausted, rather than with a MEDIUM ERROR: nothing is wrong with what
 * was already written, and writes to mapped blocks may still succeed. Immutable.
 */
public class SpaceAllocationFailedException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what ran out
     * @param cause what the allocator threw, or {@code null}
     */
    public SpaceAllocationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
