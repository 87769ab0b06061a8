package io.quiver.sbc;

import java.io.IOException;

/**
 * Thrown by a {@link BlockStore} whose backend did not answer within the store's deadline (a Ceph cluster
 * whose OSDs cannot be reached, a remote target gone). The command set answers the command with NOT READY,
 * LOGICAL UNIT COMMUNICATION FAILURE (08h/00h), as LIO does for a backend command that never completes
 * ({@code TCM_LOGICAL_UNIT_COMMUNICATION_FAILURE}): the medium is not known to be bad, so not MEDIUM ERROR;
 * an initiator may retry, or fail over to another path (Linux's sd fails the command with a path error,
 * which dm-multipath retries on another path). Immutable.
 */
public class BackendUnreachableException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what did not answer, and within what deadline
     * @param cause the backend's own error, or {@code null}
     */
    public BackendUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
