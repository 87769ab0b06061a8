package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.sbc.BlockStore;
import io.quiver.sbc.BackendUnreachableException;
import io.quiver.sbc.SpaceAllocationFailedException;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.ScsiStatus;
import io.quiver.spi.device.DeviceTask;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an SBC device's tasks move: the device's I/O executor (SCST's {@code threads_num}), its
 * {@link RangeLock}, fetching data-out and the single place where a failure becomes the task's CHECK
 * CONDITION. Every buffer and range it hands out it releases exactly once.
 *
 * <p>Threading: work after a data-out transfer continues on {@link #continuation}: the I/O executor when
 * the store may block, so blocking I/O never runs on the thread that completed the transfer (possibly a
 * Netty event loop), and inline otherwise; a WRITE whose data was already there runs on the thread holding
 * its range ({@link #lockedWrite}). Long operations always go to the I/O executor. A memory-backed store
 * that may block is memory all the same: the core calls execute on the submitting thread, reads and writes
 * up to {@link BlockStore#MEMORY_INLINE_TRANSFER_BYTES} copy there, larger ones on the I/O executor
 * ({@link #copiesInline}). Thread-safe.
 */
final class TaskFlow {

    private static final Logger LOG = LoggerFactory.getLogger(TaskFlow.class);

    /** Work that may end the task with sense data or an I/O error. */
    interface Work {
        void run() throws Exception;
    }

    /** Work on a data-out buffer the engine owns and releases after the work returns. */
    interface DataWork {
        void run(ByteBuf data) throws Exception;
    }

    private static final Executor INLINE = Runnable::run;

    final RangeLock rangeLock;
    final ExecutorService ioExecutor;
    final Executor continuation;
    /** Whether commands arrive on the submitting thread and only cached READs may stay there. */
    final boolean cachedReadsOnly;
    /** Whether READs complete with the blocks' own memory, lent by a memory-backed store. */
    final boolean lendsBlocks;
    private final String deviceName;
    private final int inlineBytes;

    TaskFlow(String deviceName, BlockStore store, int threads) {
        this.deviceName = deviceName;
        this.ioExecutor = newExecutor(deviceName, threads);
        this.continuation = store.mayBlock() ? ioExecutor : INLINE;
        this.rangeLock = new RangeLock(continuation);
        // Only a memory-backed store that may block is executed on a thread (an event loop) that must not
        // copy long: a store that never blocks copies where it is called, one that may is called on its threads.
        this.inlineBytes = store.mayBlock() && store.memoryBacked()
                ? BlockStore.MEMORY_INLINE_TRANSFER_BYTES : Integer.MAX_VALUE;
        this.cachedReadsOnly = SbcEngine.readsCached(store);
        this.lendsBlocks = store.memoryBacked() && store.lendsBlocks();
    }

    /** Whether a read or write of {@code length} bytes may copy on the thread that executes the command. */
    boolean copiesInline(int length) {
        return length <= inlineBytes;
    }

    void close() {
        ioExecutor.shutdown();
    }

    /** Runs {@code work}, turning its failure into the task's CHECK CONDITION. */
    void guard(DeviceTask task, Work work) {
        try {
            work.run();
        } catch (SenseException e) {
            task.fail(e.sense());
        } catch (SpaceAllocationFailedException | BackendUnreachableException e) {
            LOG.warn("{}: {}: {}", deviceName, ScsiOpcode.name(task.opcode()), e.getMessage());
            task.fail(Senses.ofStoreCondition(e));
        } catch (IOException e) {
            LOG.warn("{}: {} failed", deviceName, ScsiOpcode.name(task.opcode()), e);
            task.fail(Senses.mediumError(task.direction() == DataDirection.OUT));
        } catch (Exception e) {
            LOG.error("{}: {} failed", deviceName, ScsiOpcode.name(task.opcode()), e);
            task.fail(Senses.internalFailure());
        }
    }

    /** Holds {@code [lba, lba + blocks)} against other writers while {@code work} runs (maybe later). */
    void locked(DeviceTask task, long lba, long blocks, Work work) {
        rangeLock.acquire(lba, blocks, grant -> {
            try {
                guard(task, work);
            } finally {
                grant.release();
            }
        });
    }

    /**
     * Holds the range, fetches {@code length} bytes of data-out, runs {@code work} on them on
     * {@link #continuation}, then releases the buffer and the range.
     */
    void lockedDataOut(DeviceTask task, long lba, long blocks, int length, DataWork work) {
        rangeLock.acquire(lba, blocks, grant -> dataOut(task, length, continuation, work, grant::release));
    }

    /**
     * As {@link #lockedDataOut}, for WRITE: when the data is already there (it came as immediate data) the
     * write runs at once on the thread holding the range, which is a device thread (the core calls
     * {@code execute} on the device's threads when the store may block) or {@link #continuation}: one
     * thread hand-off less per small write. A memory-backed store writes small data on the thread that
     * holds the range or completed the transfer, large data on the I/O executor.
     */
    void lockedWrite(DeviceTask task, long lba, long blocks, int length, DataWork work) {
        Executor then = inlineBytes != Integer.MAX_VALUE && copiesInline(length) ? INLINE : continuation;
        rangeLock.acquire(lba, blocks,
                grant -> DataOutTransfer.fetch(this, task, length, then, work, grant::release, copiesInline(length)));
    }

    /** As {@link #lockedDataOut} but the work is long (WRITE SAME, SANITIZE): it runs on the I/O executor. */
    void lockedLongDataOut(DeviceTask task, long lba, long blocks, int length, DataWork work) {
        rangeLock.acquire(lba, blocks, grant -> dataOut(task, length, ioExecutor, work, grant::release));
    }

    /**
     * Holds the range and runs a long operation (WRITE SAME without data, FORMAT UNIT, SANITIZE) on the
     * I/O executor, so that even a memory store does not hold an event loop for it.
     */
    void lockedLong(DeviceTask task, long lba, long blocks, Work work) {
        rangeLock.acquire(lba, blocks, grant -> onIoExecutor(task, work, grant::release));
    }

    /** Runs {@code work} on the I/O executor, then {@code after} (also when the executor refuses it). */
    void onIoExecutor(DeviceTask task, Work work, Runnable after) {
        try {
            ioExecutor.execute(() -> {
                try {
                    guard(task, work);
                } finally {
                    after.run();
                }
            });
        } catch (RejectedExecutionException e) {
            after.run();
            task.fail(Senses.internalFailure());
        }
    }

    /** Fetches data-out, runs {@code work} on {@link #continuation}, releases the buffer, then {@code after}. */
    void dataOut(DeviceTask task, int length, DataWork work, Runnable after) {
        dataOut(task, length, continuation, work, after);
    }

    /** Fetches data-out, runs {@code work} on {@code executor}, releases the buffer, then {@code after}. */
    void dataOut(DeviceTask task, int length, Executor executor, DataWork work, Runnable after) {
        DataOutTransfer.fetch(this, task, length, executor, work, after, false);
    }

    /** Completes with {@code data} cut to the CDB's allocation length (released if nothing is left). */
    static void completeIn(DeviceTask task, ByteBuf data, long allocationLength) {
        if (allocationLength < data.readableBytes()) {
            data.writerIndex(data.readerIndex() + (int) allocationLength);
        }
        if (!data.isReadable()) {
            data.release();
            task.complete();
            return;
        }
        task.complete(data);
    }

    /** GOOD for a data-out command; the core computes residuals from {@code transferLength}. */
    static void completeDataOut(DeviceTask task, long transferLength) {
        task.complete(ScsiStatus.GOOD, null, null, transferLength);
    }

    /** A pooled direct buffer for data-in. */
    static ByteBuf dataIn(DeviceTask task, int capacity) {
        return task.alloc().directBuffer(capacity, capacity);
    }

    private static ExecutorService newExecutor(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        // Lock-free hand-off, as the core's device threads (LinkedTransferQueue).
        ThreadPoolExecutor ex = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedTransferQueue<>(), r -> {
                    Thread t = new Thread(r, "quiver-sbc-" + name + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ex.allowCoreThreadTimeOut(true);
        return ex;
    }
}
