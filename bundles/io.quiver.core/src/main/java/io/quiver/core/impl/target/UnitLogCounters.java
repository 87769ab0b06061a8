package io.quiver.core.impl.target;

import io.quiver.core.impl.log.LogicalUnitCounters;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import java.util.concurrent.atomic.LongAdder;

/**
 * The log page counters of one logical unit, fed by the pipeline with every command's outcome: read,
 * write and other commands, bytes moved, and errors by the log page they belong to (read, write,
 * verify, non-medium). Unit attentions and aborted commands are not errors of the logical unit.
 * Lock-free; thread-safe.
 */
public final class UnitLogCounters implements LogicalUnitCounters {

    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder others = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder readErrors = new LongAdder();
    private final LongAdder writeErrors = new LongAdder();
    private final LongAdder verifyErrors = new LongAdder();
    private final LongAdder nonMediumErrors = new LongAdder();

    /** Records one finished command at this logical unit. */
    void record(int opcode, ScsiStatus status, SenseData sense, long read, long written) {
        Kind kind = kind(opcode);
        switch (kind) {
            case READ:
                reads.increment();
                break;
            case WRITE:
                writes.increment();
                break;
            default:
                others.increment();
        }
        bytesRead.add(kind == Kind.READ ? read : 0);
        bytesWritten.add(kind == Kind.WRITE ? written : 0);
        if (status != ScsiStatus.CHECK_CONDITION || sense == null || sense.key() == SenseKey.UNIT_ATTENTION) {
            return;
        }
        boolean medium = sense.key() == SenseKey.MEDIUM_ERROR;
        if (kind == Kind.READ && medium) {
            readErrors.increment();
        } else if (kind == Kind.WRITE && medium) {
            writeErrors.increment();
        } else if (kind == Kind.VERIFY && (medium || sense.key() == SenseKey.MISCOMPARE)) {
            verifyErrors.increment();
        } else {
            nonMediumErrors.increment();
        }
    }

    private enum Kind { READ, WRITE, VERIFY, OTHER }

    private static Kind kind(int opcode) {
        switch (opcode) {
            case ScsiOpcode.READ_6:
            case ScsiOpcode.READ_10:
            case ScsiOpcode.READ_12:
            case ScsiOpcode.READ_16:
                return Kind.READ;
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
                return Kind.WRITE;
            case ScsiOpcode.VERIFY_10:
            case ScsiOpcode.VERIFY_12:
            case ScsiOpcode.VERIFY_16:
                return Kind.VERIFY;
            default:
                return Kind.OTHER;
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
        return readErrors.sum();
    }

    @Override
    public long writeErrors() {
        return writeErrors.sum();
    }

    @Override
    public long verifyErrors() {
        return verifyErrors.sum();
    }

    @Override
    public long nonMediumErrors() {
        return nonMediumErrors.sum();
    }

    @Override
    public void reset() {
        for (LongAdder a : new LongAdder[] {reads, writes, others, bytesRead, bytesWritten, readErrors, writeErrors,
                verifyErrors, nonMediumErrors}) {
            a.reset();
        }
    }
}
