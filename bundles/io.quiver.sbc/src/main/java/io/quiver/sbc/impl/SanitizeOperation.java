package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseBuilder;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sanitize operation of one logical unit (SBC-4 4.11), once {@link Sanitize} accepted its CDB and
 * parameter list: at most one at a time, run on the device's I/O executor under a range lock over the
 * whole medium, and not stopped by any task management function, reset or nexus loss. It keeps the
 * progress indication the NOT READY, SANITIZE IN PROGRESS sense carries (SPC-4 4.5.2.4.4), answers the
 * waiting task (none with IMMED) when the operation ends or as soon as the task is aborted, and reports
 * a failure nobody waits for as a deferred error. Thread-safe.
 */
final class SanitizeOperation {

    private static final Logger LOG = LoggerFactory.getLogger(SanitizeOperation.class);

    /** The work of one sanitize operation, given the allocator it may use after its task completed. */
    interface Work {
        void run(ByteBufAllocator alloc) throws Exception;
    }

    private final SbcEngine e;
    private final AtomicBoolean running = new AtomicBoolean();
    /** The task of the running operation while it waits for the end (not with IMMED, not once aborted). */
    private final AtomicReference<DeviceTask> waiting = new AtomicReference<>();
    private volatile boolean closed;
    /** Blocks the running operation writes in all and has written so far (for the progress indication). */
    private volatile long totalBlocks = 1;
    private volatile long doneBlocks;

    SanitizeOperation(SbcEngine e) {
        this.e = e;
    }

    /** Whether a sanitize operation is in progress on the medium. */
    boolean inProgress() {
        return running.get();
    }

    /** NOT READY, SANITIZE IN PROGRESS with how far the running operation has come, in 65536ths. */
    SenseData notReady() {
        long total = totalBlocks;
        long done = Math.min(doneBlocks, total);
        int progress = (int) Math.min(0xFFFF, total <= 0 ? 0 : (long) ((double) done / total * 0x10000));
        return new SenseBuilder(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS)
                .progress(progress).build();
    }

    /** The device closes: a running work stops when it next looks at {@link #closed()}. */
    void close() {
        closed = true;
    }

    /** Whether the device closed, so that the running work must stop. */
    boolean closed() {
        return closed;
    }

    /**
     * The running work has written {@code blocksDone} blocks: updates the progress and ends the waiting
     * task if it was aborted, so the core can finish the abort while the operation goes on (SBC-4 4.11:
     * no reset stops it).
     */
    void advance(long blocksDone) {
        DeviceTask t = waiting.get();
        if (t != null && t.isAborted() && waiting.compareAndSet(t, null)) {
            t.complete();
        }
        doneBlocks = blocksDone;
    }

    /**
     * Begins the operation unless one runs; {@code owned} is released if it never starts.
     *
     * @param blocks how many blocks the operation writes in all (the progress indication's denominator)
     * @throws SenseException NOT READY, SANITIZE IN PROGRESS if one already runs
     */
    void start(DeviceTask task, boolean immediate, Work work, long blocks, ByteBuf owned) throws SenseException {
        if (!running.compareAndSet(false, true)) {
            if (owned != null) {
                owned.release();
            }
            throw new SenseException(notReady());
        }
        totalBlocks = Math.max(1, blocks);
        doneBlocks = 0;
        ByteBufAllocator alloc = task.alloc();
        if (immediate) {
            task.complete();
        } else {
            waiting.set(task);
        }
        e.rangeLock.acquire(0, e.store.capacityBlocks(), grant -> {
            try {
                e.ioExecutor.execute(() -> run(work, alloc, grant));
            } catch (RejectedExecutionException deviceClosed) {
                grant.release();
                running.set(false);
                if (owned != null) {
                    owned.release();
                }
                DeviceTask t = waiting.getAndSet(null);
                if (t != null) {
                    t.fail(Senses.internalFailure());
                }
            }
        });
    }

    /** Runs the work, ends the sanitize state, then reports to its task if it still waits. */
    private void run(Work work, ByteBufAllocator alloc, RangeLock.Grant grant) {
        Exception failure = null;
        try {
            work.run(alloc);
            e.store.flush();
        } catch (Exception ex) {
            failure = ex;
        } finally {
            grant.release();
            running.set(false);
        }
        DeviceTask task = waiting.getAndSet(null);
        if (task == null) {
            if (failure != null) {
                // IMMED or the abort already ended the task: the failure is a deferred error (SPC-4 4.5.4).
                LOG.error("{}: SANITIZE failed", e.descriptor.name(), failure);
                DeviceContext ctx = e.context;
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
}
