package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.initiator.iscsi.ScsiResult;
import java.util.concurrent.CompletableFuture;

/**
 * One way to reach a real device: a logged-in iSCSI session to a remote LUN ({@link IscsiPath}) or a local SCSI
 * generic device ({@link SgIoPath}). Thread-safe; never blocks the caller.
 */
interface ScsiPath {

    /**
     * Runs {@code cdb} on the device. Takes over {@code cdb} and {@code dataOut} (may be {@code null}) and releases
     * them once. Completes with the device's status, sense, data-in and residual (the caller releases the result),
     * or exceptionally when the command never got a SCSI status: the path is gone, or the device did not answer
     * within {@code timeoutMs} ({@link java.util.concurrent.TimeoutException}).
     */
    CompletableFuture<ScsiResult> execute(ByteBuf cdb, boolean read, int expected, ByteBuf dataOut, long timeoutMs);
}
