package io.quiver.rdma;

import java.io.IOException;

/** An RDMA operation failed; the message names the operation, the device or address, and errno if any. */
public class RdmaException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public RdmaException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public RdmaException(String message, Throwable cause) {
        super(message, cause);
    }
}
