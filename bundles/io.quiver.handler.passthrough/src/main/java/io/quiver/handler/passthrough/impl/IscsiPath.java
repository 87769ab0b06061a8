package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.initiator.iscsi.IscsiSession;
import io.quiver.initiator.iscsi.ScsiResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A LUN of a logged-in {@link IscsiSession} as {@link ScsiPath}. A result that arrives after the timeout is
 * released by the session (its future is already done). Immutable; thread-safe as the session is.
 *
 * @param session the backend session
 * @param lun the LUN in SAM-5 encoding
 */
record IscsiPath(IscsiSession session, long lun) implements ScsiPath {

    @Override
    public CompletableFuture<ScsiResult> execute(ByteBuf cdb, boolean read, int expected, ByteBuf dataOut, long timeoutMs) {
        return session.execute(lun, cdb, read, expected, dataOut).orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
