package io.quiver.linux;

import java.io.IOException;

/**
 * A system call that failed: the call's name and the {@code errno} the kernel gave, named
 * ({@link Errno#name}) in the message. Immutable.
 */
public final class LinuxException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /** {@code call} (with its arguments, as text for the message) failed with {@code errno}. */
    public LinuxException(String call, int errno) {
        super(call + " failed: " + Errno.name(errno) + " (errno " + errno + ")");
        this.call = call;
        this.errno = errno;
    }

    /** The call that failed, as given to the constructor. */
    public String call() {
        return call;
    }

    /** The kernel's error number, one of {@link Errno}'s constants for the common ones. */
    public int errno() {
        return errno;
    }
}
