package io.quiver.core.impl.target;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.quiver.core.impl.lu.LuTask;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.ScsiCommand;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command in flight: the transport's {@link ScsiCommand} bound to its nexus and logical unit, seen
 * by logical-unit services and devices as an {@link LuTask} (what it addresses and carries is its
 * {@link TaskCommand}; its state, data-out, abort and completion are here). Finishes exactly once; a
 * late completion (after an abort or device removal already finished it) only releases its buffer.
 *
 * <p>Data-in longer than the initiator's expected transfer length is truncated here, and the
 * response's transfer length keeps the untruncated length so the transport reports the overflow
 * residual. Thread-safe.
 */
public final class Task extends TaskCommand {

    private static final Logger LOG = LoggerFactory.getLogger(Task.class);

    private final long startNanos = System.nanoTime();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean dataOutRequested = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean aborted;
    private volatile boolean taskAbortedStatus;
    private volatile long dataOutLength;
    volatile boolean registered = true;
    volatile boolean inTaskSet;
    volatile boolean dispatched;
    /** The blocks it touches, decoded once by its task set (under the task set's lock). */
    MediumRange medium;

    Task(CoreSession session, ScsiCommand command, int lun, MappedLun mapped) {
        super(session, command, lun, mapped);
    }

    @Override
    public CompletionStage<ByteBuf> receiveDataOut(int length) {
        if (length < 0 || length > command.expectedDataTransferLength()) {
            throw new IllegalArgumentException("data-out length " + length + " exceeds expected "
                    + command.expectedDataTransferLength());
        }
        if (dataOutRequested.getAndSet(true)) {
            throw new IllegalStateException("data-out already requested for " + this);
        }
        dataOutLength = length;
        return command.receiveDataOut(length).handle((buf, failure) -> {
            if (failure != null) {
                finish(aborted ? ScsiStatus.TASK_ABORTED : ScsiStatus.CHECK_CONDITION,
                        SenseData.of(SenseKey.ABORTED_COMMAND, AdditionalSense.DATA_PHASE_ERROR), null, 0);
                throw new CompletionException(failure);
            }
            if (aborted || finished.get()) {
                buf.release();
                finish(ScsiStatus.TASK_ABORTED, null, null, 0);
                throw new CompletionException(new CancellationException("task aborted"));
            }
            return buf;
        });
    }

    @Override
    public boolean isAborted() {
        return aborted;
    }

    public boolean isFinished() {
        return finished.get();
    }

    @Override
    public void complete() {
        finish(ScsiStatus.GOOD, null, null, dataOutLength);
    }

    @Override
    public void complete(ByteBuf dataIn) {
        finish(ScsiStatus.GOOD, null, dataIn, 0);
    }

    @Override
    public void complete(ScsiStatus status, SenseData sense, ByteBuf dataIn, long transferLength) {
        finish(status, sense, dataIn, transferLength);
    }

    @Override
    public void fail(SenseData sense) {
        finish(ScsiStatus.CHECK_CONDITION, sense, null, 0);
    }

    /** A completion future for task management: done once the transport was given the response. */
    CompletableFuture<Void> done() {
        return done;
    }

    /**
     * Aborts the task: a task not yet at the device finishes now, one running finishes when the device
     * completes it.
     *
     * @param withStatus TAS for another nexus' task: it ends with TASK ABORTED instead of silently
     * @return completes when the task has finished
     */
    CompletableFuture<Void> abort(boolean withStatus) {
        taskAbortedStatus = withStatus;
        aborted = true;
        LogicalUnit u = mapped == null ? null : mapped.unit();
        if (!dispatched && (u == null || !inTaskSet || u.taskSet().removeWaiting(this))) {
            finish(ScsiStatus.TASK_ABORTED, null, null, 0);
        }
        return done;
    }

    private void finish(ScsiStatus status, SenseData sense, ByteBuf dataIn, long transferLength) {
        if (!finished.compareAndSet(false, true)) {
            ReferenceCountUtil.release(dataIn);
            return;
        }
        LogicalUnit u = mapped == null ? null : mapped.unit();
        if (u != null) {
            u.aca().finished(this, status, aborted);
            if (inTaskSet) {
                u.taskSet().finished(this);
            }
        }
        session.taskFinished(this);
        CommandResponse response;
        long read = 0;
        if (aborted) {
            ReferenceCountUtil.release(dataIn);
            response = taskAbortedStatus
                    ? CommandResponse.of(ScsiStatus.TASK_ABORTED, null, false, null, 0)
                    : CommandResponse.aborted();
        } else {
            long length = transferLength;
            if (dataIn != null) {
                length = dataIn.readableBytes();
                long expected = command.expectedDataTransferLength();
                if (length > expected) {
                    dataIn.writerIndex(dataIn.readerIndex() + (int) expected);
                }
                read = dataIn.readableBytes();
            }
            response = CommandResponse.of(status, sense, u != null && u.descriptorSense(), dataIn, length);
        }
        boolean error = status != ScsiStatus.GOOD && status != ScsiStatus.CONDITION_MET;
        long nanos = System.nanoTime() - startNanos;
        long written = status == ScsiStatus.GOOD ? dataOutLength : 0;
        session.statistics().record(read, written, error, nanos);
        session.target().statistics().record(read, written, error, nanos);
        if (u != null) {
            u.statistics().record(read, written, error, nanos);
            if (!aborted) {
                u.logCounters().record(opcode(), status, sense, read, written);
            }
        }
        try {
            command.complete(response);
        } catch (RuntimeException e) {
            LOG.warn("transport failed to complete tag {} of {}", command.tag(), session, e);
        } finally {
            done.complete(null);
        }
    }

}
