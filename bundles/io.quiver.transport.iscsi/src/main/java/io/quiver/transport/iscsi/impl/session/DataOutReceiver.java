package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.quiver.iscsi.login.OperationalParameters;
import io.quiver.iscsi.pdu.DataPdu;
import io.quiver.iscsi.pdu.IscsiPdu;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Collects one command's data-out (RFC 7143, 4.2.2.3 and 11.7-11.8): immediate and unsolicited data within
 * FirstBurstLength, then R2Ts of at most MaxBurstLength, up to MaxOutstandingR2T at a time, for the rest of
 * what the core asked for. Data is kept as retained slices of the PDUs in a composite buffer, in order
 * (DataPDUInOrder and DataSequenceInOrder are Yes), never copied. Data beyond what the core wants is dropped.
 * A DataSN out of order fails the core's request once the task's data is all in (RFC 7143 7.8, the core
 * answers CHECK CONDITION); a wrong buffer offset is fatal to the connection.
 * Runs on the connection's event loop; not thread-safe.
 */
final class DataOutReceiver {

    private final IscsiConnection connection;
    private final IscsiSession session;
    private final ScsiTask task;
    private final Map<Integer, int[]> r2ts = new HashMap<>();
    private CompositeByteBuf received;
    private int receivedBytes;
    private int unsolicitedEnd;
    private int requested = -1;
    private CompletableFuture<ByteBuf> future;
    private int nextR2tOffset;
    private int r2tSn;
    private int unsolicitedDataSn;
    private boolean unsolicitedOpen;
    private boolean sequenceError;
    private boolean closed;

    DataOutReceiver(IscsiConnection connection, IscsiSession session, ScsiTask task) {
        this.connection = connection;
        this.session = session;
        this.task = task;
    }

    /**
     * How many bytes the initiator sends without R2T (immediate plus unsolicited Data-Out), and whether
     * unsolicited Data-Out PDUs follow the command (its F bit was clear).
     */
    void expectUnsolicited(int bytes, boolean dataOutFollows) {
        unsolicitedEnd = bytes;
        unsolicitedOpen = dataOutFollows;
    }

    /** Outcome of one Data-Out. */
    enum Outcome {
        ACCEPTED,
        /** Reject the PDU, the connection goes on (unknown TTT, data outside its R2T). */
        REJECTED,
        /** A sequence error ErrorRecoveryLevel 0 cannot recover from: reject and drop the connection. */
        FATAL
    }

    /** The immediate data of the SCSI Command PDU (it carries no DataSN); the caller keeps its reference. */
    void immediate(ByteBuf data) {
        store(0, data);
    }

    /**
     * Takes one Data-Out at {@code offset}, checking its DataSN within its sequence (RFC 7143, 11.7.5);
     * {@code last} is its F bit. The caller keeps its own reference.
     */
    Outcome data(int offset, ByteBuf data, int ttt, int dataSn, boolean last) {
        int length = data.readableBytes();
        boolean inOrder;
        if (ttt == IscsiPdu.RESERVED_TAG) {
            if (offset + (long) length > unsolicitedEnd) {
                return Outcome.REJECTED;
            }
            inOrder = dataSn == unsolicitedDataSn++;
            if (last || offset + length >= unsolicitedEnd) {
                unsolicitedOpen = false;
            }
        } else {
            int[] r2t = r2ts.get(ttt);
            if (r2t == null || offset < r2t[0] || offset + (long) length > r2t[0] + (long) r2t[1]) {
                return Outcome.REJECTED;
            }
            inOrder = dataSn == r2t[3]++;
            r2t[2] += length;
            if (r2t[2] >= r2t[1]) {
                r2ts.remove(ttt);
            }
        }
        if (!inOrder || sequenceError) {
            // RFC 7143 7.9 / 7.8: an out-of-order DataSN means an earlier Data-Out was lost to a digest error.
            // ERL 0 has no recovery R2T, so the task ends with CHECK CONDITION once all its data is in; the
            // connection stays (dropping it would make the initiator renegotiate and retry behind our back).
            sequenceError = true;
            failWhenAllDataIn();
            return Outcome.ACCEPTED;
        }
        return store(offset, data);
    }

    private Outcome store(int offset, ByteBuf data) {
        int length = data.readableBytes();
        if (offset != receivedBytes) {
            return Outcome.FATAL;
        }
        receivedBytes += length;
        if (!closed && length > 0) {
            int limit = requested >= 0 ? requested : (int) Math.min(Integer.MAX_VALUE, task.expectedDataTransferLength());
            int keep = Math.max(0, Math.min(length, limit - offset));
            if (keep > 0 && (future == null || !future.isDone())) {
                if (received == null) {
                    received = connection.alloc().compositeDirectBuffer(Integer.MAX_VALUE);
                }
                received.addComponent(true, data.retainedSlice(data.readerIndex(), keep));
            }
        }
        deliverIfComplete();
        sendR2ts();
        return Outcome.ACCEPTED;
    }

    /** After a DataSN error: fail the core's request once no unsolicited or solicited Data-Out is due. */
    private void failWhenAllDataIn() {
        if (future == null || future.isDone() || unsolicitedOpen || !r2ts.isEmpty()) {
            return;
        }
        if (received != null) {
            received.release();
            received = null;
        }
        future.completeExceptionally(new IllegalStateException("Data-Out DataSN out of order"));
    }

    /** The core asks for {@code length} bytes (SCST's rdy_to_xfer). */
    void request(int length, CompletableFuture<ByteBuf> f) {
        if (closed || future != null) {
            f.completeExceptionally(new IllegalStateException(closed ? "connection lost or command finished"
                    : "data-out already requested"));
            return;
        }
        requested = length;
        future = f;
        if (received != null && received.readableBytes() > length) {
            received.writerIndex(received.readerIndex() + length);
        }
        nextR2tOffset = Math.max(receivedBytes, unsolicitedEnd);
        if (sequenceError) {
            failWhenAllDataIn();
            return;
        }
        deliverIfComplete();
        sendR2ts();
        connection.flushSoon();
    }

    private void deliverIfComplete() {
        if (future == null || future.isDone()) {
            return;
        }
        int have = received == null ? 0 : received.readableBytes();
        if (have >= requested) {
            ByteBuf data = received == null ? connection.alloc().directBuffer(0) : received;
            received = null;
            future.complete(data);
        }
    }

    private void sendR2ts() {
        if (future == null || future.isDone() || closed || sequenceError) {
            return;
        }
        if (unsolicitedOpen && connection.wire().placesData()) {
            // iSER: an RDMA READ may complete before the SENDs still carrying the unsolicited Data-Out, and data
            // is stored in order; so, as LIO's iscsit, solicit only once the unsolicited burst is in.
            return;
        }
        OperationalParameters p = session.parameters();
        while (r2ts.size() < p.maxOutstandingR2T() && nextR2tOffset < requested) {
            int length = Math.min(p.maxBurstLength(), requested - nextR2tOffset);
            int ttt = session.nextTargetTransferTag();
            // offset, length, bytes received, next expected DataSN
            r2ts.put(ttt, new int[] {nextR2tOffset, length, 0, 0});
            if (connection.wire().placesData()) {
                // iSER: the target RDMA READs what an R2T would ask for (RFC 7145, 7.3.6).
                connection.wire().solicitDataOut(task.initiatorTaskTag(), ttt, nextR2tOffset, length);
            } else {
                connection.send(DataPdu.readyToTransfer(connection.alloc(), task.lun(), task.initiatorTaskTag(),
                        ttt, r2tSn++, nextR2tOffset, length));
            }
            nextR2tOffset += length;
        }
    }

    /** The command finished or the connection is gone: fail a pending request, free held data. */
    void close() {
        closed = true;
        if (future != null && !future.isDone()) {
            future.completeExceptionally(new IllegalStateException("data-out not received: connection lost or command finished"));
        }
        if (received != null) {
            received.release();
            received = null;
        }
        r2ts.clear();
    }
}
