package io.quiver.core.impl.target;

import io.quiver.core.impl.log.CommandClass;
import io.quiver.core.impl.log.CommandCounters;
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
public final class UnitLogCounters extends CommandCounters {

    private final LongAdder readErrors = new LongAdder();
    private final LongAdder writeErrors = new LongAdder();
    private final LongAdder verifyErrors = new LongAdder();
    private final LongAdder nonMediumErrors = new LongAdder();

    /** Records one finished command at this logical unit. */
    void record(int opcode, ScsiStatus status, SenseData sense, long read, long written) {
        CommandClass kind = CommandClass.of(opcode);
        count(kind, kind == CommandClass.READ ? read : written);
        if (status != ScsiStatus.CHECK_CONDITION || sense == null || sense.key() == SenseKey.UNIT_ATTENTION) {
            return;
        }
        boolean medium = sense.key() == SenseKey.MEDIUM_ERROR;
        if (kind == CommandClass.READ && medium) {
            readErrors.increment();
        } else if (kind == CommandClass.WRITE && medium) {
            writeErrors.increment();
        } else if (kind == CommandClass.VERIFY && (medium || sense.key() == SenseKey.MISCOMPARE)) {
            verifyErrors.increment();
        } else {
            nonMediumErrors.increment();
        }
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
        super.reset();
        readErrors.reset();
        writeErrors.reset();
        verifyErrors.reset();
        nonMediumErrors.reset();
    }
}
