package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.quiver.transport.iscsi.impl.login.OperationalParameters;
import io.quiver.transport.iscsi.impl.pdu.DataPdu;
import io.quiver.transport.iscsi.impl.pdu.IscsiPdu;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Collects one command's data-out (RFC 7143, 4.2.2.3 and 11.7-11.8): immediate and unsolicited data within
 * FirstBurstLength, then R2Ts of at most MaxBurstLength, up to MaxOutstandingR2T at a time, for the rest of
 * what the core asked for. Data is kept as retained slices of the PDUs in a composite buffer, in order
 * (DataPDUInOrder and DataSequenceInOrder are Yes), never copied. Data beyond what the core wants is dropped.
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
    private boolean closed;

    DataOutReceiver(IscsiConnection connection, IscsiSession session, ScsiTask task) {
        this.connection = connection;
        this.session = session;
        this.task = task;
    }

    /** How many bytes the initiator sends without R2T (immediate plus unsolicited Data-Out). */
    void expectUnsolicited(int bytes) {
        unsolicitedEnd = bytes;
    }

    /** Outcome of one Data-Out. */
    enum Outcome {
        ACCEPTED,
        /** Reject the PDU, the connection goes on (unknown TTT, data outside its R2T). */
        REJECTED,
        /** A sequence error ErrorRecoveryLevel 0 cannot recover from: reject and drop the connection. */
        FATAL
    }

    /** The immediate data of the SCSI Command PDU; the caller keeps its own reference. */
    void immediate(ByteBuf data) {
        if (data(0, data, IscsiPdu.RESERVED_TAG, unsolicitedDataSn) == Outcome.ACCEPTED) {
            // Immediate data carries no DataSN: the first unsolicited Data-Out is DataSN 0.
            unsolicitedDataSn = 0;
        }
    }

    /**
     * Takes one Data-Out at {@code offset}, checking its DataSN within its sequence (RFC 7143, 11.7.5);
     * the caller keeps its own reference.
     */
    Outcome data(int offset, ByteBuf data, int ttt, int dataSn) {
        int length = data.readableBytes();
        if (ttt == IscsiPdu.RESERVED_TAG) {
            if (offset + (long) length > unsolicitedEnd) {
                return Outcome.REJECTED;
            }
            if (dataSn != unsolicitedDataSn++) {
                return Outcome.FATAL;
            }
        } else {
            int[] r2t = r2ts.get(ttt);
            if (r2t == null || offset < r2t[0] || offset + (long) length > r2t[0] + (long) r2t[1]) {
                return Outcome.REJECTED;
            }
            if (dataSn != r2t[3]++) {
                return Outcome.FATAL;
            }
            r2t[2] += length;
            if (r2t[2] >= r2t[1]) {
                r2ts.remove(ttt);
            }
        }
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
        deliverIfComplete();
        sendR2ts();
        connection.flush();
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
        if (future == null || future.isDone() || closed) {
            return;
        }
        OperationalParameters p = session.parameters();
        while (r2ts.size() < p.maxOutstandingR2T() && nextR2tOffset < requested) {
            int length = Math.min(p.maxBurstLength(), requested - nextR2tOffset);
            int ttt = session.nextTargetTransferTag();
            // offset, length, bytes received, next expected DataSN
            r2ts.put(ttt, new int[] {nextR2tOffset, length, 0, 0});
            connection.send(DataPdu.readyToTransfer(connection.alloc(), task.lun(), task.initiatorTaskTag(), ttt,
                    r2tSn++, nextR2tOffset, length));
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
