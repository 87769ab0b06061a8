package io.quiver.core.impl.log;

import io.quiver.core.impl.lu.LuTask;
import io.quiver.scsi.ScsiOpcode;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters fed by the commands the log service's check sees: command classes and the bytes the
 * initiator asked to move. The service does not see outcomes, so the error counters stay zero until a
 * {@link LogCounterSource} with real outcomes replaces it. Thread-safe and lock-free.
 */
public final class ObservedCounters implements LogicalUnitCounters {

    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder others = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();

    /** Counts one command admitted to the logical unit. */
    public void observe(LuTask task) {
        switch (task.opcode()) {
            case ScsiOpcode.READ_6:
            case ScsiOpcode.READ_10:
            case ScsiOpcode.READ_12:
            case ScsiOpcode.READ_16:
                reads.increment();
                bytesRead.add(task.expectedDataTransferLength());
                break;
            case ScsiOpcode.WRITE_6:
            case ScsiOpcode.WRITE_10:
            case ScsiOpcode.WRITE_12:
            case ScsiOpcode.WRITE_16:
            case ScsiOpcode.WRITE_AND_VERIFY_10:
            case ScsiOpcode.WRITE_AND_VERIFY_12:
            case ScsiOpcode.WRITE_AND_VERIFY_16:
            case ScsiOpcode.WRITE_SAME_10:
            case ScsiOpcode.WRITE_SAME_16:
            case ScsiOpcode.COMPARE_AND_WRITE:
                writes.increment();
                bytesWritten.add(task.expectedDataTransferLength());
                break;
            default:
                others.increment();
                break;
        }
    }

    @Override
    public long readCommands() {
        return reads.sum();
    }

    @Override
    public long writeCommands() {
        return writes.sum();
    }

    @Override
    public long otherCommands() {
        return others.sum();
    }

    @Override
    public long bytesRead() {
        return bytesRead.sum();
    }

    @Override
    public long bytesWritten() {
        return bytesWritten.sum();
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

    @Override
    public void reset() {
        reads.reset();
        writes.reset();
        others.reset();
        bytesRead.reset();
        bytesWritten.reset();
    }
}
