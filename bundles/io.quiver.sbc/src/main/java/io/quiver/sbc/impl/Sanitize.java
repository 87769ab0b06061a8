package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.spi.device.DeviceTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SANITIZE (SBC-3 5.25, 4.11): OVERWRITE, BLOCK ERASE (thin stores only: it deallocates every block,
 * WABEREQ 01b in VPD B1h) and EXIT FAILURE MODE. A sanitize operation belongs to the logical unit, not to
 * its task: once accepted it runs to the end on the device's I/O executor whatever task management
 * function, reset or nexus loss comes (so no abort stops it), and while it runs
 * {@link #inProgress()} makes the engine answer every command but INQUIRY with NOT READY, SANITIZE IN
 * PROGRESS. With IMMED the task completes as soon as the parameters are accepted (a later failure,
 * the final flush's included, becomes a deferred error, {@code DeviceContext.deferredError}); without,
 * when the medium is sanitized (and flushed). One sanitize at a time. Thread-safe.
 */
final class Sanitize {

    static final int OVERWRITE = 0x01;
    static final int BLOCK_ERASE = 0x02;
    static final int EXIT_FAILURE_MODE = 0x1F;

    private static final Logger LOG = LoggerFactory.getLogger(Sanitize.class);

    /** The work of one sanitize operation, given the allocator it may use after its task completed. */
    private interface Operation {
        void run(ByteBufAllocator alloc) throws Exception;
    }

    private final SbcEngine e;
    private final AtomicBoolean running = new AtomicBoolean();

    Sanitize(SbcEngine e) {
        this.e = e;
    }

    /** Whether a sanitize operation is in progress on the medium. */
    boolean inProgress() {
        return running.get();
    }

    void sanitize(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        boolean immediate = Cdb.bit(cdb, 1, 7);
        int action = Cdb.u8(cdb, 1) & 0x1F;
        int parameterLength = Cdb.u16(cdb, 7);
        switch (action) {
            case EXIT_FAILURE_MODE:
                if (parameterLength != 0) {
                    throw Senses.invalidCdb(7, -1);
                }
                task.complete();
                return;
            case BLOCK_ERASE:
                if (!e.store.thinProvisioned()) {
                    // BLOCK ERASE leaves every block deallocated, which only a thin store can report.
                    throw Senses.invalidCdb(1, 4);
                }
                if (parameterLength != 0) {
                    throw Senses.invalidCdb(7, -1);
                }
                e.checkWritable(task);
                start(task, immediate, alloc -> e.store.unmap(0, e.store.capacityBlocks()));
                return;
            case OVERWRITE:
                if (parameterLength <= 4 || parameterLength > e.blockSize() + 4) {
                    throw Senses.invalidCdb(7, -1);
                }
                e.checkWritable(task);
                e.flow.dataOut(task, parameterLength, data -> overwrite(task, immediate, data, parameterLength),
                        () -> { });
                return;
            default:
                throw Senses.invalidCdb(1, 4);
        }
    }

    /** libiscsi expects INVALID FIELD IN CDB for every malformed OVERWRITE parameter list. */
    private void overwrite(DeviceTask task, boolean immediate, ByteBuf data, int parameterLength) throws Exception {
        int base = data.readerIndex();
        int flags = data.getUnsignedByte(base);
        boolean invert = (flags & 0x80) != 0;
        int passes = flags & 0x1F;
        int patternLength = data.getUnsignedShort(base + 2);
        if (passes == 0 || patternLength == 0 || patternLength > e.blockSize()
                || patternLength > parameterLength - 4) {
            throw Senses.invalidCdb(7, -1);
        }
        int bs = e.blockSize();
        ByteBuf block = task.alloc().directBuffer(bs);
        for (int i = 0; i < bs; i++) {
            block.writeByte(data.getByte(base + 4 + i % patternLength));
        }
        start(task, immediate, alloc -> {
            try {
                long capacity = e.store.capacityBlocks();
                for (int pass = 0; pass < passes; pass++) {
                    // INVERT: every other pass writes the complement; the last pass writes the pattern.
                    boolean complement = invert && (passes - 1 - pass) % 2 == 1;
                    ByteBuf p = complement ? complement(block, alloc) : block.retain();
                    try {
                        Fill.fill(e.store, alloc, () -> false, 0, capacity, p, e.durable(false));
                    } finally {
                        p.release();
                    }
                }
            } finally {
                block.release();
            }
        }, block);
    }

    private void start(DeviceTask task, boolean immediate, Operation operation) throws SenseException {
        start(task, immediate, operation, null);
    }

    /** Begins the operation unless one runs; {@code owned} is released if it never starts. */
    private void start(DeviceTask task, boolean immediate, Operation operation, ByteBuf owned)
            throws SenseException {
        if (!running.compareAndSet(false, true)) {
            if (owned != null) {
                owned.release();
            }
            throw Senses.sanitizeInProgress();
        }
        ByteBufAllocator alloc = task.alloc();
        long capacity = e.store.capacityBlocks();
        if (immediate) {
            task.complete();
        }
        e.rangeLock.acquire(0, capacity, grant -> {
            try {
                e.ioExecutor.execute(() -> run(task, immediate, operation, alloc, grant));
            } catch (RejectedExecutionException closed) {
                grant.release();
                running.set(false);
                if (owned != null) {
                    owned.release();
                }
                if (!immediate) {
                    task.fail(Senses.internalFailure());
                }
            }
        });
    }

    /** Runs the operation, ends the sanitize state, then reports (unless IMMED already did). */
    private void run(DeviceTask task, boolean immediate, Operation operation, ByteBufAllocator alloc,
            RangeLock.Grant grant) {
        Exception failure = null;
        try {
            operation.run(alloc);
            e.store.flush();
        } catch (Exception ex) {
            failure = ex;
        } finally {
            grant.release();
            running.set(false);
        }
        if (immediate) {
            if (failure != null) {
                // IMMED already reported GOOD: the failure is a deferred error (SPC-4 4.5.4).
                LOG.error("{}: SANITIZE failed", e.descriptor.name(), failure);
                io.quiver.spi.device.DeviceContext ctx = e.context;
                if (ctx != null) {
                    ctx.deferredError(Senses.deferred(failure));
                }
            }
        } else if (failure == null) {
            task.complete();
        } else {
            Exception f = failure;
            e.flow.guard(task, () -> {
                throw f;
            });
        }
    }

    private static ByteBuf complement(ByteBuf block, ByteBufAllocator alloc) {
        ByteBuf c = alloc.directBuffer(block.readableBytes());
        for (int i = block.readerIndex(); i < block.writerIndex(); i++) {
            c.writeByte(~block.getByte(i));
        }
        return c;
    }
}
