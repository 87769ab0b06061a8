package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.sbc.BlockStore;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import java.io.IOException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SBC device's command set: dispatches each forwarded command to the class answering its family and
 * gives them the shared machinery: range checks, write protection, durability rules, the range lock,
 * data-out continuation and the single place where failures become sense data.
 *
 * <p>Threading: {@link #execute} runs where the core calls it (the device's threads, or the submitting
 * thread for stores that never block). Work after a data-out transfer continues on {@link #continuation}:
 * the device's own I/O executor when the store may block, so blocking I/O never runs on the thread that
 * completed the transfer (possibly a Netty event loop), and inline otherwise. Thread-safe.
 */
public final class SbcEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SbcEngine.class);
    private static final int MAX_TRANSFER_BYTES = 8 << 20;

    /** Work that may end the task with sense data or an I/O error. */
    interface Work {
        void run() throws Exception;
    }

    /** Work on a data-out buffer the engine owns and releases after the work returns. */
    interface DataWork {
        void run(ByteBuf data) throws Exception;
    }

    final DeviceDescriptor descriptor;
    final BlockStore store;
    final SbcOptions options;
    final ModePages modePages;
    final RangeLock rangeLock;
    final ExecutorService ioExecutor;
    final Executor continuation;
    volatile DeviceContext context;

    private final Dispatch.Command[] handlers;

    /**
     * @param engineOf the engine of a device found through {@code DeviceContext.findDevice} if it is an
     *        SBC device, else {@code null} (EXTENDED COPY across devices)
     */
    public SbcEngine(DeviceDescriptor descriptor, BlockStore store, SbcOptions options,
            Function<Object, SbcEngine> engineOf) {
        this.descriptor = descriptor;
        this.store = store;
        this.options = options;
        this.modePages = new ModePages(descriptor.name(), options);
        this.ioExecutor = newExecutor(descriptor.name(), Math.max(1, options.threads()));
        this.continuation = store.mayBlock() ? ioExecutor : Runnable::run;
        this.rangeLock = new RangeLock(continuation);
        this.handlers = Dispatch.table(this, engineOf);
    }

    /** Runs one forwarded command; completes the task exactly once, now or later. */
    public void execute(DeviceTask task) {
        Dispatch.Command h = handlers[task.opcode() & 0xFF];
        if (h == null) {
            task.fail(SenseData.invalidOpcode());
            return;
        }
        guard(task, () -> h.execute(task));
    }

    /** The core attached the device: report the Control page fields it enforces. */
    public void attach(DeviceContext ctx) {
        this.context = ctx;
        modePages.reportControl(ctx);
    }

    public void detach() {
        this.context = null;
    }

    public ModePages modePages() {
        return modePages;
    }

    @Override
    public void close() {
        ioExecutor.shutdown();
    }

    // ---- shared machinery for the command classes ----

    int blockSize() {
        return store.blockSize();
    }

    int maxTransferBlocks() {
        return MAX_TRANSFER_BYTES / store.blockSize();
    }

    /** LBA OUT OF RANGE unless {@code [lba, lba + blocks)} (unsigned LBA) lies within the capacity. */
    void checkRange(long lba, long blocks) throws SenseException {
        long cap = store.capacityBlocks();
        if (Long.compareUnsigned(lba, cap) > 0 || blocks > cap - lba) {
            throw Senses.lbaOutOfRange();
        }
    }

    /** INVALID FIELD IN CDB when a PROTECT field is set: this device has no protection information. */
    static void checkNoProtection(ByteBuf cdb) throws SenseException {
        if (Cdb.protect(cdb) != 0) {
            throw Senses.invalidCdb(1, 7);
        }
    }

    /** INVALID FIELD IN CDB when a transfer exceeds MAXIMUM TRANSFER LENGTH of VPD B0h. */
    void checkTransferLength(long blocks, int lengthOffset) throws SenseException {
        if (blocks > maxTransferBlocks()) {
            throw Senses.invalidCdb(lengthOffset, -1);
        }
    }

    /** DATA PROTECT, WRITE PROTECTED when the nexus or the device is read-only. */
    void checkWritable(DeviceTask task) throws SenseException {
        if (task.writeProtected() || descriptor.readOnly()) {
            throw Senses.writeProtected();
        }
    }

    /**
     * Whether a write must be durable before it completes: always under write_through, never with a
     * non-volatile cache, else when the initiator asked (FUA) or disabled the write cache (WCE 0).
     */
    boolean durable(boolean fua) {
        return options.writeThrough() || (!options.nvCache() && (fua || !modePages.writeCacheEnabled()));
    }

    /** Runs {@code work}, turning its failure into the task's CHECK CONDITION. */
    void guard(DeviceTask task, Work work) {
        try {
            work.run();
        } catch (SenseException e) {
            task.fail(e.sense());
        } catch (IOException e) {
            LOG.warn("{}: {} failed", descriptor.name(), io.quiver.scsi.ScsiOpcode.name(task.opcode()), e);
            task.fail(Senses.mediumError(task.direction() == io.quiver.scsi.DataDirection.OUT));
        } catch (Exception e) {
            LOG.error("{}: {} failed", descriptor.name(), io.quiver.scsi.ScsiOpcode.name(task.opcode()), e);
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
        rangeLock.acquire(lba, blocks, grant -> dataOut(task, length, work, grant::release));
    }

    /** Fetches data-out, runs {@code work} on {@link #continuation}, releases the buffer, then {@code after}. */
    void dataOut(DeviceTask task, int length, DataWork work, Runnable after) {
        CompletionStage<ByteBuf> stage;
        try {
            stage = task.receiveDataOut(length);
        } catch (IllegalArgumentException e) {
            after.run();
            // The CDB asks for more than the initiator said it would send.
            task.fail(Senses.invalidCdb(0, -1).sense());
            return;
        }
        stage.whenComplete((buf, err) -> {
            if (err != null) {
                after.run();
                return;
            }
            try {
                continuation.execute(() -> {
                    try {
                        guard(task, () -> work.run(buf));
                    } finally {
                        buf.release();
                        after.run();
                    }
                });
            } catch (RejectedExecutionException e) {
                buf.release();
                after.run();
                task.fail(Senses.internalFailure());
            }
        });
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

    /** A pooled direct buffer for data-in. */
    static ByteBuf dataIn(DeviceTask task, int capacity) {
        return task.alloc().directBuffer(capacity, capacity);
    }

    private static ExecutorService newExecutor(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor ex = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "quiver-sbc-" + name + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ex.allowCoreThreadTimeOut(true);
        return ex;
    }
}
