package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.ScsiCommand;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One SCSI command of a session, as the core sees it. The core's {@link #receiveDataOut} and
 * {@link #complete} arrive from any thread and hop onto the connection's event loop; the CDB buffer is held
 * until completion and released once; a response for a connection that is gone is only freed.
 *
 * <p>A write whose data all came as immediate data (the common small write) hands that data to the core on
 * the core's own thread, without a hop to the event loop: the buffer sits in an atomic slot that either the
 * core's request or the task's end takes, exactly once.
 */
final class ScsiTask implements ScsiCommand {

    private final IscsiConnection connection;
    private final IscsiSession session;
    private final long lun;
    private final int itt;
    private final ByteBuf cdb;
    private final TaskAttribute attribute;
    private final DataDirection direction;
    private final long expectedLength;
    private final boolean writes;
    /** Made on first use, on the event loop: a write whose data is all immediate never needs one. */
    private DataOutReceiver dataOut;
    private final AtomicReference<ByteBuf> immediateData = new AtomicReference<>();
    private boolean allImmediate;
    private boolean done;

    ScsiTask(IscsiConnection connection, IscsiSession session, long lun, int itt, ByteBuf cdb,
            TaskAttribute attribute, DataDirection direction, long expectedLength) {
        this.connection = connection;
        this.session = session;
        this.lun = lun;
        this.itt = itt;
        this.cdb = cdb;
        this.attribute = attribute;
        this.direction = direction;
        this.expectedLength = expectedLength;
        this.writes = direction == DataDirection.OUT || direction == DataDirection.BIDIRECTIONAL;
    }

    @Override
    public long lun() {
        return lun;
    }

    @Override
    public ByteBuf cdb() {
        return cdb;
    }

    @Override
    public long tag() {
        return itt & 0xFFFFFFFFL;
    }

    int initiatorTaskTag() {
        return itt;
    }

    @Override
    public TaskAttribute taskAttribute() {
        return attribute;
    }

    @Override
    public DataDirection direction() {
        return direction;
    }

    @Override
    public long expectedDataTransferLength() {
        return expectedLength;
    }

    /** The data-out state of a write ({@code null} for other commands); event loop only. */
    DataOutReceiver dataOut() {
        if (dataOut == null && writes) {
            dataOut = new DataOutReceiver(connection, session, this);
        }
        return dataOut;
    }

    /**
     * All of the command's data-out came with it (no Data-Out PDU or R2T will follow); takes ownership of
     * {@code data}. Called on the event loop before the task is submitted.
     */
    void allDataImmediate(ByteBuf data) {
        allImmediate = true;
        immediateData.set(data);
    }

    @Override
    public CompletionStage<ByteBuf> receiveDataOut(int length) {
        CompletableFuture<ByteBuf> future = new CompletableFuture<>();
        if (length == 0) {
            future.complete(io.netty.buffer.Unpooled.EMPTY_BUFFER);
            return future;
        }
        if (!writes || length < 0 || length > expectedLength) {
            future.completeExceptionally(new IllegalArgumentException("no data-out of " + length + " bytes for this command"));
            return future;
        }
        if (allImmediate) {
            ByteBuf data = immediateData.getAndSet(null);
            if (data == null) {
                future.completeExceptionally(new IllegalStateException("data-out already requested or command finished"));
            } else {
                data.writerIndex(data.readerIndex() + Math.min(length, data.readableBytes()));
                future.complete(data);
            }
            return future;
        }
        connection.execute(() -> dataOut().request(length, future));
        return future;
    }

    @Override
    public void complete(CommandResponse response) {
        connection.execute(() -> finish(response));
    }

    private void finish(CommandResponse response) {
        if (done) {
            release(response);
            return;
        }
        done = true;
        if (session.tasks().get(itt) == this) {
            session.tasks().remove(itt);
            session.taskFinished(itt);
        }
        session.window().commandCompleted();
        releaseImmediateData();
        if (dataOut != null) {
            dataOut.close();
        }
        if (response.isAborted() || !connection.isActive()) {
            release(response);
        } else {
            ResponseSender.send(connection, session.parameters(), this, response);
        }
        cdb.release();
    }

    private void releaseImmediateData() {
        ByteBuf data = immediateData.getAndSet(null);
        if (data != null) {
            data.release();
        }
    }

    private static void release(CommandResponse response) {
        if (response.dataIn() != null) {
            response.dataIn().release();
        }
    }

    /** The connection is gone: a pending data-out request fails; completion still comes from the core. */
    void connectionLost() {
        releaseImmediateData();
        if (dataOut != null) {
            dataOut.close();
        }
    }
}
