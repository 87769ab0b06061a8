package io.quiver.initiator.iscsi;

import java.io.IOException;

/**
 * The connection to the target ended while a command was in flight (RFC 7143 error recovery level 0): the
 * command may or may not have executed on the target, and the caller decides whether to retry it. Immutable.
 */
public final class ConnectionLostException extends IOException {

    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String message) {
        super(message);
    }
}
