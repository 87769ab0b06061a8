package io.quiver.rdma.verbs;

import io.netty.buffer.ByteBuf;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.WorkRequestType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive queue of one endpoint: {@code receiveQueueDepth} registered pieces of
 * {@code receiveBufferSize} bytes, each posted, lent to the handler as the message it received, and posted
 * again when the handler releases that message (so a handler holding messages withholds credits from the
 * peer, as the SPI says). Pieces go back to the pool only when the endpoint is gone and the handler has
 * released them. Thread-safe (one lock; releases come from any thread).
 */
final class ReceiveRing {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiveRing.class);
    /** Set in receive work request ids; send-queue ids are slot numbers below it. */
    private static final long TAG = 1L << 40;

    private final VerbsEndpoint endpoint;
    private final DeviceContext dev;
    private final int size;
    private final ByteBuffer[] pieces;
    private final int[] lkeys;
    private final boolean[] lent;
    private int postedCount;
    private boolean closed;

    ReceiveRing(VerbsEndpoint endpoint, DeviceContext dev, QueueConfig config) throws RdmaException {
        this.endpoint = endpoint;
        this.dev = dev;
        this.size = config.receiveBufferSize();
        this.pieces = new ByteBuffer[config.receiveQueueDepth()];
        this.lkeys = new int[pieces.length];
        this.lent = new boolean[pieces.length];
        try {
            for (int i = 0; i < pieces.length; i++) {
                pieces[i] = dev.pool.take(size);
                lkeys[i] = dev.pool.find(address(i), size).lkey();
            }
            postAll();
        } catch (RdmaException | RuntimeException e) {
            close();
            throw e;
        }
    }

    static boolean isReceive(long wrId) {
        return (wrId & TAG) != 0;
    }

    private long address(int slot) {
        return MemorySegment.ofBuffer(pieces[slot]).address();
    }

    /** Posts every piece (before the connection is accepted or requested). */
    private synchronized void postAll() throws RdmaException {
        for (int i = 0; i < pieces.length; i++) {
            int rc = post(i);
            if (rc != 0) {
                throw Verbs.failure("ibv_post_recv", rc);
            }
        }
    }

    private int post(int slot) {
        int rc = endpoint.queuePair.postRecv(TAG | slot, address(slot), size, lkeys[slot]);
        if (rc == 0) {
            postedCount++;
        }
        return rc;
    }

    /** A receive completed (on the loop): lend the message to the handler, or report the failure. */
    void completed(long wrId, CompletionStatus status, int byteLen) {
        int slot = (int) (wrId & ~TAG);
        synchronized (this) {
            postedCount--;
            lent[slot] = status == CompletionStatus.SUCCESS;
        }
        if (status == CompletionStatus.SUCCESS) {
            ByteBuf message = dev.allocator.wrap(pieces[slot].duplicate().clear().limit(size), size,
                    p -> returned(slot));
            message.writerIndex(byteLen);
            endpoint.report(() -> endpoint.handler().onReceive(endpoint, message));
        } else {
            endpoint.report(() -> endpoint.handler().onCompletion(endpoint, 0, WorkRequestType.RECEIVE, status));
        }
    }

    private synchronized void returned(int slot) {
        lent[slot] = false;
        if (closed) {
            dev.pool.give(pieces[slot]);
        } else if (endpoint.sendQueue.accepting()) {
            int rc = post(slot);
            if (rc != 0) {
                LOG.warn("{}: re-posting a receive failed: errno {}", endpoint.remoteAddress(), rc);
            }
        }
    }

    /** Whether no receive is posted. */
    synchronized boolean idle() {
        return postedCount == 0;
    }

    /** After the queue pair is destroyed: gives back every piece the handler does not hold. */
    synchronized void close() {
        closed = true;
        for (int i = 0; i < pieces.length; i++) {
            if (!lent[i] && pieces[i] != null) {
                dev.pool.give(pieces[i]);
            }
        }
    }
}
