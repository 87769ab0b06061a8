package io.quiver.transport.local;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.ScsiCommand;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One loopback command as the core sees it. Data-out is handed over from the request at once (the
 * loopback has no R2T); the response completes {@link #result()}. Thread-safe.
 */
final class LocalCommand implements ScsiCommand {

    private final LocalRequest request;
    private final long tag;
    private final ByteBuf cdb;
    private final CompletableFuture<LocalResponse> result = new CompletableFuture<>();

    LocalCommand(LocalRequest request, long tag, ByteBuf cdb) {
        this.request = request;
        this.tag = tag;
        this.cdb = cdb;
    }

    CompletableFuture<LocalResponse> result() {
        return result;
    }

    @Override
    public long lun() {
        return request.lunField;
    }

    @Override
    public ByteBuf cdb() {
        return cdb;
    }

    @Override
    public long tag() {
        return tag;
    }

    @Override
    public TaskAttribute taskAttribute() {
        return request.attribute;
    }

    @Override
    public DataDirection direction() {
        return request.direction;
    }

    @Override
    public long expectedDataTransferLength() {
        return request.expectedLength;
    }

    @Override
    public CompletionStage<ByteBuf> receiveDataOut(int length) {
        if (request.dataOut == null || length > request.dataOut.length) {
            return CompletableFuture.failedFuture(new IllegalStateException("no data-out for " + length + " bytes"));
        }
        return CompletableFuture.completedFuture(LocalSession.dataOut(request.dataOut, length));
    }

    @Override
    public void complete(CommandResponse response) {
        result.complete(LocalSession.response(tag, request.expectedLength, response));
    }
}
