package io.quiver.core.impl.log;

import java.util.concurrent.atomic.LongAdder;

/**
 * The command and byte counters every {@link LogicalUnitCounters} keeps: read, write and other commands
 * by {@link CommandClass}, and the bytes read and written. Subclasses add the error counters they can
 * know. Thread-safe and lock-free.
 */
public abstract class CommandCounters implements LogicalUnitCounters {

    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder others = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();

    /**
     * Counts one command of a class.
     *
     * @param bytes the bytes it read (a READ) or wrote (a WRITE); ignored for the other classes
     */
    protected final void count(CommandClass commandClass, long bytes) {
        switch (commandClass) {
            case READ:
                reads.increment();
                bytesRead.add(bytes);
                break;
            case WRITE:
                writes.increment();
                bytesWritten.add(bytes);
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
    public void reset() {
        reads.reset();
        writes.reset();
        others.reset();
        bytesRead.reset();
        bytesWritten.reset();
    }
}
