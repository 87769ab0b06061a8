package io.quiver.initiator.iscsi;

import java.io.IOException;

/**
 * A command ended by a task management function this session sent (ABORT TASK or LOGICAL UNIT RESET
 * answered FUNCTION COMPLETE): the target sends no response for it. Immutable.
 */
public final class TaskAbortedException extends IOException {

    private static final long serialVersionUID = 1L;

    public TaskAbortedException(String message) {
        super(message);
    }
}
