package io.quiver.rdma.emulated;

import static io.quiver.rdma.CompletionStatus.LOCAL_LENGTH_ERROR;
import static io.quiver.rdma.CompletionStatus.REMOTE_ACCESS_ERROR;
import static io.quiver.rdma.CompletionStatus.REMOTE_INVALID_REQUEST;
import static io.quiver.rdma.CompletionStatus.RETRY_EXCEEDED;
import static io.quiver.rdma.CompletionStatus.RNR_RETRY_EXCEEDED;
import static io.quiver.rdma.CompletionStatus.SUCCESS;
import static io.quiver.rdma.CompletionStatus.WORK_REQUEST_FLUSH_ERROR;

import io.netty.buffer.ByteBuf;
import io.quiver.rdma.Access;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.QueueFullException;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.WorkRequestType;
import java.util.concurrent.TimeUnit;

/**
 * The adapter's side of one reliable-connected queue pair: issues the send queue in order on the fabric's
 * wire thread (a READ beyond the negotiated depth, or a SEND the peer answers receiver-not-ready, holds up
 * the requests behind it), answers the peer's requests as responder, and moves to the error state, flushing
 * its {@link SendQueue} and {@link ReceiveRing}, when a request fails or the connection goes. Posting is
 * thread-safe; everything else runs on the wire thread, under this object's lock.
 */
final class QueuePair {
    private final EmulatedEndpoint endpoint;
    private final EmulatedFabric fabric;
    private final QueueConfig config;
    private final ReceiveRing ring;
    private final SendQueue sendQueue;
    private QueuePair peer;
    private int readLimit;
    private boolean error;
    private int readsInFlight;
    private int peakReadsInFlight;
    private boolean rnrWaiting;
    private CompletionStatus receiveError;

    QueuePair(EmulatedEndpoint endpoint, EmulatedFabric fabric, QueueConfig config) {
        this.endpoint = endpoint;
        this.fabric = fabric;
        this.config = config;
        this.sendQueue = new SendQueue(config.sendQueueDepth());
        this.ring = new ReceiveRing(fabric.allocator(), config.receiveQueueDepth(), config.receiveBufferSize());
    }

    /** Links to the peer; READs in flight are bounded by both sides' depths, as RDMA CM negotiates. */
    synchronized void connect(QueuePair other) {
        peer = other;
        readLimit = Math.min(config.rdmaReadDepth(), other.config.rdmaReadDepth());
    }

    synchronized void post(WorkRequest wr) throws RdmaException {
        if (error) {
            throw new RdmaException("ibv_post_send to " + endpoint.remoteAddress() + ": queue pair in error");
        }
        if (sendQueue.full()) {
            throw new QueueFullException("send queue to " + endpoint.remoteAddress() + " holds "
                    + config.sendQueueDepth() + " work requests (ENOMEM)");
        }
        sendQueue.add(wr);
        fabric.wire().execute(this::pump);
    }

    /** A reported completion retired {@code slots} send-queue slots. */
    synchronized void retire(int slots) {
        sendQueue.retire(slots);
    }

    synchronized int peakReadsInFlight() {
        return peakReadsInFlight;
    }

    /** Wire thread: issues what the send queue holds, in order, until a READ or receiver-not-ready stalls it. */
    void pump() {
        boolean failed = false;
        synchronized (this) {
            WorkRequest wr;
            while (!error && !rnrWaiting && (wr = sendQueue.nextToIssue()) != null) {
                boolean read = wr.type == WorkRequestType.RDMA_READ;
                if (read && readLimit > 0 && readsInFlight >= readLimit) {
                    break;
                }
                CompletionStatus status = read && readLimit == 0 ? REMOTE_INVALID_REQUEST
                        : read && wr.buffer.writableBytes() < wr.length ? LOCAL_LENGTH_ERROR : peer.respond(wr);
                if (status == null && wr.rnrRetries++ < fabric.rnrRetryCount()) {
                    rnrWaiting = true;
                    fabric.wire().schedule(this::retryAfterRnr, fabric.rnrTimeout().toNanos(), TimeUnit.NANOSECONDS);
                    break;
                }
                sendQueue.issued();
                if (status != SUCCESS) {
                    wr.status = status == null ? RNR_RETRY_EXCEEDED : status;
                    failed = true;
                    break;
                }
                long delay = fabric.completionDelay().toNanos();
                if (read) {
                    peakReadsInFlight = Math.max(peakReadsInFlight, ++readsInFlight);
                }
                if (read || delay > 0) {
                    WorkRequest issued = wr;
                    fabric.wire().schedule(() -> finish(issued), delay, TimeUnit.NANOSECONDS);
                } else {
                    wr.status = SUCCESS;
                }
            }
            sendQueue.reportCompleted(endpoint);
        }
        if (failed) {
            breakConnection(null);
        }
    }

    /** Wire thread: both sides enter the error state; {@code firstInFlight} fails the oldest outstanding request. */
    void breakConnection(CompletionStatus firstInFlight) {
        enterError(firstInFlight);
        peer.enterError(firstInFlight);
    }

    /** Responder, wire thread: the peer's request against this queue pair; null is an RNR NAK. */
    synchronized CompletionStatus respond(WorkRequest wr) {
        if (error) {
            return RETRY_EXCEEDED;
        }
        if (wr.type == WorkRequestType.SEND) {
            ByteBuf slot = ring.take();
            if (slot == null) {
                return null;
            }
            if (wr.length > config.receiveBufferSize()) {
                receiveError = LOCAL_LENGTH_ERROR;
                return REMOTE_INVALID_REQUEST;
            }
            slot.writeBytes(wr.buffer, wr.buffer.readerIndex(), wr.length);
            endpoint.deliverReceive(slot.retainedSlice());
            return SUCCESS;
        }
        boolean write = wr.type == WorkRequestType.RDMA_WRITE;
        EmulatedMemoryRegion region = endpoint.region(wr.rkey);
        if (region == null || !region.permits(write ? Access.REMOTE_WRITE : Access.REMOTE_READ, wr.remoteAddress,
                wr.length)) {
            return REMOTE_ACCESS_ERROR;
        }
        try {
            if (write) {
                region.writeFrom(wr.remoteAddress, wr.buffer);
            } else {
                region.readInto(wr.remoteAddress, wr.buffer, wr.length);
            }
            return SUCCESS;
        } catch (RuntimeException e) {
            // The registered buffer was freed while registered: hardware would corrupt memory; a test must fail.
            fabric.recordFailure(new IllegalStateException("memory region " + wr.rkey + " used after free", e));
            return REMOTE_ACCESS_ERROR;
        }
    }

    private void retryAfterRnr() {
        synchronized (this) {
            rnrWaiting = false;
        }
        pump();
    }

    private void finish(WorkRequest wr) {
        synchronized (this) {
            if (wr.status != null) {
                return;
            }
            wr.status = SUCCESS;
            if (wr.type == WorkRequestType.RDMA_READ) {
                readsInFlight--;
            }
        }
        pump();
    }

    private synchronized void enterError(CompletionStatus firstInFlight) {
        if (error) {
            return;
        }
        error = true;
        sendQueue.flush(firstInFlight, endpoint);
        int flushed = ring.posted();
        if (receiveError != null) {
            endpoint.deliverCompletion(0, WorkRequestType.RECEIVE, receiveError, 0);
            flushed--;
        }
        for (int i = 0; i < flushed; i++) {
            endpoint.deliverCompletion(0, WorkRequestType.RECEIVE, WORK_REQUEST_FLUSH_ERROR, 0);
        }
        ring.release();
        endpoint.deliverDisconnected();
    }
}
