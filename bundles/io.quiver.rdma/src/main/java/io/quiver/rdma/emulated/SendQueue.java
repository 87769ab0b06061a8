package io.quiver.rdma.emulated;

import static io.quiver.rdma.CompletionStatus.SUCCESS;
import static io.quiver.rdma.CompletionStatus.WORK_REQUEST_FLUSH_ERROR;

import io.quiver.rdma.CompletionStatus;
import java.util.ArrayDeque;

/**
 * The send queue of one queue pair: the work requests posted and not yet reported, in post order, and those
 * of them not yet issued to the wire. A slot is taken from the post until a reported completion retires it;
 * a successful unsignaled request is retired only by the next reported completion, as a CQE retires the
 * WQEs before it on hardware (a driver that never signals fills its queue). Not thread-safe: used under its
 * queue pair's lock.
 */
final class SendQueue {
    private final int depth;
    private final ArrayDeque<WorkRequest> posted = new ArrayDeque<>();
    private final ArrayDeque<WorkRequest> unissued = new ArrayDeque<>();
    private int slots;
    private int unreported;

    SendQueue(int depth) {
        this.depth = depth;
    }

    /** Whether every slot is taken. */
    boolean full() {
        return slots >= depth;
    }

    void add(WorkRequest wr) {
        slots++;
        posted.add(wr);
        unissued.add(wr);
    }

    /** A reported completion gave back {@code count} slots. */
    void retire(int count) {
        slots -= count;
    }

    /** The oldest request not yet issued, or null. */
    WorkRequest nextToIssue() {
        return unissued.peek();
    }

    void issued() {
        unissued.poll();
    }

    /**
     * Hands the completed head of the queue to {@code endpoint}, in post order, releasing what the SPI says
     * the provider releases; stops at the first request still on the wire.
     */
    void reportCompleted(EmulatedEndpoint endpoint) {
        while (!posted.isEmpty() && posted.peek().status != null) {
            WorkRequest wr = posted.poll();
            wr.releaseOwned();
            if (wr.signaled || wr.status != SUCCESS) {
                endpoint.deliverCompletion(wr.id, wr.type, wr.status, unreported + 1);
                unreported = 0;
            } else {
                unreported++;
            }
        }
    }

    /** Fails every outstanding request: the oldest with {@code first} when given, the rest as flushed. */
    void flush(CompletionStatus first, EmulatedEndpoint endpoint) {
        unissued.clear();
        CompletionStatus next = first;
        for (WorkRequest wr : posted) {
            if (wr.status == null) {
                wr.status = next != null ? next : WORK_REQUEST_FLUSH_ERROR;
                next = null;
            }
        }
        reportCompleted(endpoint);
    }
}
