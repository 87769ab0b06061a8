package io.quiver.rdma.verbs;

import io.netty.buffer.ByteBuf;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.QueueFullException;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.WorkRequestType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The send queue of one endpoint: SENDs, RDMA WRITEs and READs posted with one SGE each, every one signaled
 * to the adapter (so each buffer is released at its own completion and the queue count stays exact) while
 * only those the caller asked for are reported. Buffers outside registered memory go through a bounce piece
 * of the pool, copied in before a SEND or WRITE and out after a READ. RDMA READs beyond the read depth wait
 * in the adapter, which holds them back by the queue pair's {@code max_rd_atomic}. Thread-safe (one lock).
 */
final class SendQueue {

    /** What a posted request needs at its completion. */
    private record Posted(long userId, WorkRequestType type, boolean signaled, ByteBuf buffer, ByteBuffer bounce,
            int length) {
    }

    private final VerbsEndpoint endpoint;
    private final RegisteredPool pool;
    private final QueueConfig config;
    private final Posted[] posted;
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private boolean stopped;
    private boolean failed;

    SendQueue(VerbsEndpoint endpoint, RegisteredPool pool, QueueConfig config) {
        this.endpoint = endpoint;
        this.pool = pool;
        this.config = config;
        this.posted = new Posted[config.sendQueueDepth()];
        for (int i = 0; i < posted.length; i++) {
            free.add(i);
        }
    }

    /** Posts one request; the buffer of a SEND or WRITE is released if it fails. */
    synchronized void post(WorkRequestType type, ByteBuf buf, int length, long remoteAddress, int rkey,
            long userId, boolean signaled) throws RdmaException {
        ByteBuffer bounce = null;
        try {
            if (stopped || failed) {
                throw new RdmaException("endpoint to " + endpoint.remoteAddress()
                        + (failed ? " is in the error state" : " is disconnected"));
            }
            if (free.isEmpty()) {
                throw new QueueFullException("send queue of " + config.sendQueueDepth() + " is full");
            }
            boolean read = type == WorkRequestType.RDMA_READ;
            if (read) {
                buf.ensureWritable(length);
            }
            int index = read ? buf.writerIndex() : buf.readerIndex();
            long address = 0;
            RegisteredPool.Region region = null;
            if (length > 0 && buf.isDirect() && buf.nioBufferCount() == 1) {
                address = MemorySegment.ofBuffer(buf.nioBuffer(index, length)).address();
                region = pool.find(address, length);
            }
            if (length > 0 && region == null) {
                bounce = pool.take(length);
                if (!read) {
                    buf.getBytes(index, bounce.duplicate().limit(length));
                }
                address = MemorySegment.ofBuffer(bounce).address();
                region = pool.find(address, length);
            }
            int flags = Layouts.IBV_SEND_SIGNALED;
            if (type == WorkRequestType.SEND && length > 0 && length <= config.maxInlineData()) {
                flags |= Layouts.IBV_SEND_INLINE;
            }
            int slot = free.pop();
            int rc = endpoint.queuePair.postSend(slot, opcode(type), flags, address, length,
                    region == null ? 0 : region.lkey(), remoteAddress, rkey);
            if (rc != 0) {
                free.push(slot);
                throw Verbs.failure("ibv_post_send(" + type + ")", rc);
            }
            posted[slot] = new Posted(userId, type, signaled, buf, bounce, length);
        } catch (RdmaException | RuntimeException e) {
            if (bounce != null) {
                pool.give(bounce);
            }
            if (type != WorkRequestType.RDMA_READ) {
                buf.release();
            }
            throw e;
        }
    }

    private static int opcode(WorkRequestType type) {
        return switch (type) {
            case SEND -> Layouts.IBV_WR_SEND;
            case RDMA_WRITE -> Layouts.IBV_WR_RDMA_WRITE;
            case RDMA_READ -> Layouts.IBV_WR_RDMA_READ;
            case RECEIVE -> throw new IllegalArgumentException("a receive is not posted to the send queue");
        };
    }

    /** A completion of slot {@code wrId}: finishes a READ's target, releases, reports (on the loop). */
    void completed(long wrId, CompletionStatus status) {
        Posted p;
        synchronized (this) {
            p = posted[(int) wrId];
            posted[(int) wrId] = null;
            free.push((int) wrId);
            if (status != CompletionStatus.SUCCESS) {
                failed = true; // the queue pair is in error now: later posts fail, queued ones flush
            }
        }
        boolean read = p.type == WorkRequestType.RDMA_READ;
        if (read && status == CompletionStatus.SUCCESS) {
            if (p.bounce != null) {
                p.buffer.setBytes(p.buffer.writerIndex(), p.bounce.duplicate().limit(p.length));
            }
            p.buffer.writerIndex(p.buffer.writerIndex() + p.length);
        }
        if (p.bounce != null) {
            pool.give(p.bounce);
        }
        if (!read) {
            p.buffer.release();
        }
        if (p.signaled || read || status != CompletionStatus.SUCCESS) {
            endpoint.report(() -> endpoint.handler().onCompletion(endpoint, p.userId, p.type, status));
        }
    }

    /** Refuses further posts; true the first time (the caller then disconnects). */
    synchronized boolean stop() {
        boolean first = !stopped;
        stopped = true;
        return first;
    }

    /** Whether posts are still taken (receive buffers are reposted only then). */
    synchronized boolean accepting() {
        return !stopped && !failed;
    }

    /** Whether nothing is posted. */
    synchronized boolean idle() {
        return free.size() == posted.length;
    }

    /** After the queue pair is destroyed: releases what never completed (a connect that failed). */
    synchronized void close() {
        stopped = true;
        for (int i = 0; i < posted.length; i++) {
            Posted p = posted[i];
            if (p != null) {
                posted[i] = null;
                if (p.bounce != null) {
                    pool.give(p.bounce);
                }
                if (p.type != WorkRequestType.RDMA_READ) {
                    p.buffer.release();
                }
            }
        }
    }
}
