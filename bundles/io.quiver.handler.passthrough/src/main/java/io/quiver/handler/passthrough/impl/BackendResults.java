package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.initiator.iscsi.ScsiResult;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a backend's {@link ScsiResult} ends a dev_disk task: status, sense (byte for byte) and data-in passed on,
 * residuals turned into what the core expects, and the result's buffers released exactly once. Stateless;
 * any thread.
 */
final class BackendResults {

    private static final Logger LOG = LoggerFactory.getLogger(BackendResults.class);
    /** Zeros that stand for data the device sent beyond the expected length (never sent on). */
    private static final ByteBuf FILLER = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[65536]).asReadOnly());

    private BackendResults() {
    }

    /**
     * Ends {@code task} with the backend's result and releases the result's sense and data-in exactly once
     * (data-in passes to the task when the task takes it); a result that cannot be decoded ends it with
     * {@link IscsiBackend#MALFORMED_RESPONSE}. What the device says about itself goes to {@code changes} first.
     */
    static void complete(DeviceTask task, ScsiResult r, long expected, DeviceChanges changes) {
        ScsiStatus status = null;
        SenseData sense = null;
        try {
            status = ScsiStatus.fromCode(r.status());
            sense = r.sense().isReadable() ? SenseData.raw(r.sense()) : null;
        } catch (IllegalArgumentException e) {
            LOG.warn("pass-through backend: undecodable response (status 0x{}, {} bytes of sense): {}",
                    Integer.toHexString(r.status()), r.sense().readableBytes(), e.getMessage());
        } finally {
            r.sense().release();
        }
        ByteBuf dataIn = r.dataIn();
        if (status == null || (status == ScsiStatus.CHECK_CONDITION && sense == null)) {
            dataIn.release();
            task.fail(ForwardingBackend.MALFORMED_RESPONSE);
            return;
        }
        changes.completed(task, status, sense);
        // The length the device's CDB called for, from the residual the device reported.
        long transfer = r.underflow() ? expected - r.residual() : r.overflow() ? expected + r.residual() : expected;
        if (task.direction() == DataDirection.IN && r.overflow() && status == ScsiStatus.GOOD && r.residual() > 0) {
            dataIn = withOverflow(task, dataIn, r.residual());
        }
        boolean handOver = dataIn.isReadable();
        if (!handOver) {
            dataIn.release();
        }
        task.complete(status, sense, handOver ? dataIn : null,
                task.direction() == DataDirection.IN ? Math.max(transfer, 0) : transfer);
    }

    /**
     * The device wanted to send {@code residual} bytes more than the initiator expected (residual overflow), and
     * the backend's target cut them off. The core derives a read's overflow from data-in longer than expected
     * (and truncates it), so the data-in is followed by {@code residual} bytes of read-only zeros that never
     * reach the wire, shared, not allocated per command.
     */
    private static ByteBuf withOverflow(DeviceTask task, ByteBuf dataIn, int residual) {
        CompositeByteBuf c = task.alloc().compositeDirectBuffer(Integer.MAX_VALUE);
        c.addComponent(true, dataIn);
        for (int left = residual; left > 0; left -= FILLER.capacity()) {
            c.addComponent(true, FILLER.retainedSlice(0, Math.min(left, FILLER.capacity())));
        }
        return c;
    }
}
