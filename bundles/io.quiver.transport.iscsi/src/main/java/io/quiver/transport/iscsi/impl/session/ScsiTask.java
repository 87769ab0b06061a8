package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.ScsiCommand;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One SCSI command of a session, as the core sees it. The core's {@link #receiveDataOut} and
 * {@link #complete} arrive from any thread and hop onto the connection's event loop; the CDB buffer is held
 * until completion and released once; a response for a connection that is gone is only freed.
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
    private final DataOutReceiver dataOut;
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
        boolean writes = direction == DataDirection.OUT || direction == DataDirection.BIDIRECTIONAL;
        this.dataOut = writes ? new DataOutReceiver(connection, session, this) : null;
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

    DataOutReceiver dataOut() {
        return dataOut;
    }

    @Override
    public CompletionStage<ByteBuf> receiveDataOut(int length) {
        CompletableFuture<ByteBuf> future = new CompletableFuture<>();
        if (length == 0) {
            future.complete(io.netty.buffer.Unpooled.EMPTY_BUFFER);
            return future;
        }
        if (dataOut == null || length < 0 || length > expectedLength) {
            future.completeExceptionally(new IllegalArgumentException("no data-out of " + length + " bytes for this command"));
            return future;
        }
        connection.execute(() -> dataOut.request(length, future));
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

    private static void release(CommandResponse response) {
        if (response.dataIn() != null) {
            response.dataIn().release();
        }
    }

    /** The connection is gone: a pending data-out request fails; completion still comes from the core. */
    void connectionLost() {
        if (dataOut != null) {
            dataOut.close();
        }
    }
}
