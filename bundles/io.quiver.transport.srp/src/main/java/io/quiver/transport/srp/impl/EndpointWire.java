package io.quiver.transport.srp.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.WorkRequestType;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link SrpWire} over one {@code io.quiver.rdma} endpoint, and that endpoint's handler. Every work request
 * is signaled so the wire knows how full the send queue is; requests beyond its depth wait here, in order, and
 * are posted as completions free slots, so a command with 255 descriptors never meets a full queue. A failed
 * completion means the queue pair is in error: the wire disconnects and the channel ends.
 *
 * <p>Thread-safe: the channel posts from any thread, the provider calls back on its own; the queue state is
 * guarded by this object and released buffers never leave it twice.
 */
public final class EndpointWire implements SrpWire, EndpointHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointWire.class);

    /** One work request not posted yet. */
    private record Pending(WorkRequestType type, ByteBuf buffer, long address, int rkey, int length, long id) {
    }

    private final ArrayDeque<Pending> backlog = new ArrayDeque<>();
    private final Map<Long, CompletableFuture<Void>> reads = new HashMap<>();
    private volatile RdmaEndpoint endpoint;
    private volatile SrpChannel channel;
    private int posted;
    private long nextId = 1;
    private boolean down;

    /** The channel this wire carries; set before the endpoint can deliver anything. */
    void attach(SrpChannel channel) {
        this.channel = channel;
    }

    /** The endpoint the accept created. */
    void bind(RdmaEndpoint endpoint) {
        this.endpoint = endpoint;
        drain();
    }

    @Override
    public ByteBufAllocator allocator() {
        RdmaEndpoint ep = endpoint;
        return ep != null ? ep.allocator() : ByteBufAllocator.DEFAULT;
    }

    @Override
    public void send(ByteBuf iu) {
        enqueue(WorkRequestType.SEND, iu, 0, 0, iu.readableBytes(), null);
    }

    @Override
    public void rdmaWrite(ByteBuf source, long address, int rkey) {
        enqueue(WorkRequestType.RDMA_WRITE, source, address, rkey, source.readableBytes(), null);
    }

    @Override
    public CompletionStage<Void> rdmaRead(ByteBuf target, long address, int rkey, int length) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(WorkRequestType.RDMA_READ, target, address, rkey, length, done);
        return done;
    }

    private void enqueue(WorkRequestType type, ByteBuf buffer, long address, int rkey, int length,
            CompletableFuture<Void> read) {
        synchronized (this) {
            if (!down) {
                long id = nextId++;
                if (read != null) {
                    reads.put(id, read);
                }
                backlog.add(new Pending(type, buffer, address, rkey, length, id));
                buffer = null;
            }
        }
        if (buffer != null) {
            if (read != null) {
                read.completeExceptionally(new RdmaException("the RDMA channel is down"));
            } else {
                buffer.release();
            }
            return;
        }
        drain();
    }

    /** Posts what fits in the send queue, in order; never holds the lock while posting. */
    private void drain() {
        RdmaEndpoint ep = endpoint;
        while (ep != null) {
            Pending next;
            synchronized (this) {
                if (down || backlog.isEmpty() || posted >= ep.config().sendQueueDepth()) {
                    return;
                }
                next = backlog.poll();
                posted++;
            }
            try {
                switch (next.type()) {
                    case SEND -> ep.send(next.buffer(), next.id(), true);
                    case RDMA_WRITE -> ep.rdmaWrite(next.buffer(), next.address(), next.rkey(), next.id(), true);
                    default -> ep.rdmaRead(next.buffer(), next.length(), next.address(), next.rkey(), next.id());
                }
            } catch (RdmaException e) {
                LOG.debug("SRP channel post failed: {}", e.getMessage());
                failRead(next.id(), e);
                disconnect();
                return;
            }
        }
    }

    private void failRead(long id, Throwable cause) {
        CompletableFuture<Void> read;
        synchronized (this) {
            read = reads.remove(id);
        }
        if (read != null) {
            read.completeExceptionally(cause);
        }
    }

    @Override
    public void disconnect() {
        RdmaEndpoint ep = endpoint;
        if (ep != null) {
            ep.disconnect();
        }
    }

    @Override
    public void onReceive(RdmaEndpoint ep, ByteBuf message) {
        SrpChannel c = channel;
        if (c == null) {
            message.release();
            return;
        }
        c.received(message);
    }

    @Override
    public void onCompletion(RdmaEndpoint ep, long workRequestId, WorkRequestType type, CompletionStatus status) {
        if (type == WorkRequestType.RECEIVE) {
            return;
        }
        CompletableFuture<Void> read;
        synchronized (this) {
            posted--;
            read = reads.remove(workRequestId);
        }
        if (status == CompletionStatus.SUCCESS) {
            if (read != null) {
                read.complete(null);
            }
            drain();
            return;
        }
        if (read != null) {
            read.completeExceptionally(new RdmaException(type + " completed with " + status));
        }
        if (status != CompletionStatus.WORK_REQUEST_FLUSH_ERROR) {
            LOG.info("SRP channel: {} failed with {}; disconnecting", type, status);
        }
        disconnect();
    }

    @Override
    public void onDisconnected(RdmaEndpoint ep) {
        Map<Long, CompletableFuture<Void>> failed;
        ArrayDeque<Pending> dropped;
        synchronized (this) {
            down = true;
            failed = new HashMap<>(reads);
            reads.clear();
            dropped = new ArrayDeque<>(backlog);
            backlog.clear();
        }
        for (Pending p : dropped) {
            if (p.type() != WorkRequestType.RDMA_READ) {
                p.buffer().release();
            }
        }
        failed.values().forEach(f -> f.completeExceptionally(new RdmaException("the RDMA channel went down")));
        SrpChannel c = channel;
        if (c != null) {
            c.disconnected();
        }
    }
}
