package io.quiver.core.impl.log;

import io.quiver.core.impl.lu.LuTask;

/**
 * Counters fed by the commands the log service's check sees: command classes and the bytes the
 * initiator asked to move. The service does not see outcomes, so the error counters stay zero until a
 * {@link LogCounterSource} with real outcomes replaces it. Thread-safe and lock-free.
 */
public final class ObservedCounters extends CommandCounters {

    /** Counts one command admitted to the logical unit. */
    public void observe(LuTask task) {
        count(CommandClass.of(task.opcode()), task.expectedDataTransferLength());
    }

    @Override
    public long readErrors() {
        return 0;
    }

    @Override
    public long writeErrors() {
        return 0;
    }

    @Override
    public long verifyErrors() {
        return 0;
    }

    @Override
    public long nonMediumErrors() {
        return 0;
    }
}
