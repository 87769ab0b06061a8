package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.quiver.linux.NativeLibrary;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaDevice;
import io.quiver.rdma.RdmaException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One endpoint's CQ and RC queue pair ({@code ibv_create_cq} on the device's completion channel,
 * {@code rdma_create_qp} on its CM id) and the work-request structures posted through the context's ops
 * table, which is what verbs.h's inline {@code ibv_post_send}, {@code ibv_post_recv}, {@code ibv_poll_cq}
 * and {@code ibv_req_notify_cq} do. Posting methods are not thread-safe: the endpoint calls them under its
 * lock (one send WR and one receive WR structure are reused); {@link #poll} belongs to the completion loop.
 */
final class QueuePair {

    static final int POLL_BATCH = 16;

    private final Verbs verbs;
    private final MemorySegment postSendFn;
    private final MemorySegment postRecvFn;
    private final MemorySegment pollCqFn;
    private final MemorySegment notifyFn;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment sendWr = arena.allocate(Layouts.SEND_WR_SIZE + Layouts.SGE_SIZE, 8);
    private final MemorySegment recvWr = arena.allocate(Layouts.RECV_WR_SIZE + Layouts.SGE_SIZE, 8);
    private final MemorySegment badWr = arena.allocate(ADDRESS);
    private final MemorySegment completions = arena.allocate(Layouts.WC_SIZE * POLL_BATCH, 8);
    final MemorySegment cq;
    final MemorySegment qp;

    /** Creates the CQ and the queue pair on {@code id}; on failure nothing is left behind. */
    @SuppressWarnings("restricted") // the rdma_cm_id: we read the qp librdmacm stored in it
    QueuePair(DeviceContext dev, MemorySegment id, QueueConfig config) throws RdmaException {
        checkLimits(dev.device, config);
        this.verbs = dev.verbs;
        postSendFn = dev.op(Layouts.CONTEXT_OPS_POST_SEND);
        postRecvFn = dev.op(Layouts.CONTEXT_OPS_POST_RECV);
        pollCqFn = dev.op(Layouts.CONTEXT_OPS_POLL_CQ);
        notifyFn = dev.op(Layouts.CONTEXT_OPS_REQ_NOTIFY_CQ);
        int cqe = config.sendQueueDepth() + config.receiveQueueDepth();
        try {
            cq = Verbs.check((MemorySegment) verbs.createCq.invokeExact(NativeLibrary.errnoState(), dev.context, cqe,
                    MemorySegment.NULL, dev.channel, 0), "ibv_create_cq(" + cqe + ")");
            MemorySegment attr = arena.allocate(Layouts.QP_INIT_ATTR_SIZE, 8);
            attr.set(ADDRESS, Layouts.QP_INIT_SEND_CQ, cq);
            attr.set(ADDRESS, Layouts.QP_INIT_RECV_CQ, cq);
            attr.set(JAVA_INT, Layouts.QP_INIT_CAP, config.sendQueueDepth());
            attr.set(JAVA_INT, Layouts.QP_INIT_CAP + 4, config.receiveQueueDepth());
            attr.set(JAVA_INT, Layouts.QP_INIT_CAP + 8, 1);
            attr.set(JAVA_INT, Layouts.QP_INIT_CAP + 12, 1);
            attr.set(JAVA_INT, Layouts.QP_INIT_CAP + 16, config.maxInlineData());
            attr.set(JAVA_INT, Layouts.QP_INIT_QP_TYPE, Layouts.IBV_QPT_RC);
            attr.set(JAVA_INT, Layouts.QP_INIT_SQ_SIG_ALL, 0);
            int rc = (int) verbs.createQp.invokeExact(NativeLibrary.errnoState(), id, dev.pd, attr);
            if (rc != 0) {
                RdmaException e = Verbs.failure("rdma_create_qp(send " + config.sendQueueDepth() + ", receive "
                        + config.receiveQueueDepth() + ", inline " + config.maxInlineData() + ")",
                        NativeLibrary.lastErrno());
                int ignored = (int) verbs.destroyCq.invokeExact(NativeLibrary.errnoState(), cq);
                arena.close();
                throw e;
            }
            qp = id.reinterpret(Layouts.CM_ID_QP + 8).get(ADDRESS, Layouts.CM_ID_QP);
        } catch (RdmaException e) {
            throw e;
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
        sendWr.set(ADDRESS, Layouts.SEND_WR_SG_LIST, sendWr.asSlice(Layouts.SEND_WR_SIZE));
        recvWr.set(ADDRESS, Layouts.RECV_WR_SG_LIST, recvWr.asSlice(Layouts.RECV_WR_SIZE));
        recvWr.set(JAVA_INT, Layouts.RECV_WR_NUM_SGE, 1);
    }

    /** Posts one send-queue work request with one SGE (none when {@code length} is 0); 0 or an errno. */
    int postSend(long wrId, int opcode, int flags, long address, int length, int lkey, long remoteAddress,
            int rkey) {
        sendWr.set(JAVA_LONG, Layouts.SEND_WR_ID, wrId);
        sendWr.set(JAVA_INT, Layouts.SEND_WR_NUM_SGE, length == 0 ? 0 : 1);
        sendWr.set(JAVA_INT, Layouts.SEND_WR_OPCODE, opcode);
        sendWr.set(JAVA_INT, Layouts.SEND_WR_FLAGS, flags);
        sendWr.set(JAVA_LONG, Layouts.SEND_WR_RDMA_REMOTE_ADDR, remoteAddress);
        sendWr.set(JAVA_INT, Layouts.SEND_WR_RDMA_RKEY, rkey);
        sge(sendWr.asSlice(Layouts.SEND_WR_SIZE), address, length, lkey);
        try {
            return (int) verbs.postSend.invokeExact(postSendFn, NativeLibrary.errnoState(), qp, sendWr, badWr);
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
    }

    /** Posts one receive of {@code length} bytes at {@code address}; 0 or an errno. */
    int postRecv(long wrId, long address, int length, int lkey) {
        recvWr.set(JAVA_LONG, 0, wrId);
        sge(recvWr.asSlice(Layouts.RECV_WR_SIZE), address, length, lkey);
        try {
            return (int) verbs.postRecv.invokeExact(postRecvFn, NativeLibrary.errnoState(), qp, recvWr, badWr);
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
    }

    /** Re-arms the CQ so its next completion raises an event on the channel; 0 or an errno. */
    int arm() {
        try {
            return (int) verbs.reqNotifyCq.invokeExact(notifyFn, NativeLibrary.errnoState(), cq, 0);
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
    }

    /** Polls up to {@link #POLL_BATCH} completions into {@link #completions}: how many, or negative on error. */
    int poll() {
        try {
            return (int) verbs.pollCq.invokeExact(pollCqFn, NativeLibrary.errnoState(), cq, POLL_BATCH, completions);
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
    }

    /** The work request id of completion {@code i} of the last {@link #poll}. */
    long wrId(int i) {
        return completions.get(JAVA_LONG, i * Layouts.WC_SIZE);
    }

    /** The status of completion {@code i} of the last {@link #poll}. */
    CompletionStatus status(int i) {
        return CompletionStatus.of(completions.get(JAVA_INT, i * Layouts.WC_SIZE + Layouts.WC_STATUS));
    }

    /** The bytes received by completion {@code i} of the last {@link #poll} (receives only). */
    int byteLength(int i) {
        return completions.get(JAVA_INT, i * Layouts.WC_SIZE + Layouts.WC_BYTE_LEN);
    }

    /** Destroys the queue pair and the CQ (no completion may be polled afterwards) and frees the structures. */
    void destroy(MemorySegment id) {
        try {
            verbs.destroyQp.invokeExact(NativeLibrary.errnoState(), id);
            int rc = (int) verbs.destroyCq.invokeExact(NativeLibrary.errnoState(), cq);
            if (rc != 0) {
                throw new IllegalStateException(Verbs.failure("ibv_destroy_cq", rc).getMessage());
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Verbs.bug(t);
        } finally {
            arena.close();
        }
    }

    static void checkLimits(RdmaDevice device, QueueConfig config) throws RdmaException {
        if (config.sendQueueDepth() > device.maxQueuePairWorkRequests()
                || config.receiveQueueDepth() > device.maxQueuePairWorkRequests()) {
            throw new RdmaException("queue depth above " + device.name() + "'s max_qp_wr "
                    + device.maxQueuePairWorkRequests() + ": " + config);
        }
        if (config.rdmaReadDepth() > device.maxRdmaReadsPerQueuePair()) {
            throw new RdmaException("RDMA READ depth above " + device.name() + "'s max_qp_rd_atom "
                    + device.maxRdmaReadsPerQueuePair() + ": " + config);
        }
    }

    private static void sge(MemorySegment sge, long address, int length, int lkey) {
        sge.set(JAVA_LONG, 0, address);
        sge.set(JAVA_INT, 8, length);
        sge.set(JAVA_INT, 12, lkey);
    }
}
