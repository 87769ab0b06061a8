package io.quiver.handler.tape.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;
import java.util.concurrent.ExecutionException;

/**
 * How the drive's and the changer's commands finish a {@link DeviceTask}: GOOD or CHECK CONDITION from
 * a sense-or-null outcome, parameter data cut to the CDB's allocation length (SPC-4 4.2.5.6), and the
 * wait for a command's data-out.
 *
 * <p>Stateless; called on the device's thread, which may block (the descriptor declares it).
 */
final class TaskReplies {

    private TaskReplies() {
    }

    /** GOOD when {@code sense} is null, else CHECK CONDITION with it. */
    static void done(DeviceTask task, SenseData sense) {
        if (sense == null) {
            task.complete();
        } else {
            task.fail(sense);
        }
    }

    /** Completes with {@code data} cut to the allocation length. */
    static void reply(DeviceTask task, ByteBuf data, int allocationLength) {
        if (data.readableBytes() > allocationLength) {
            data.writerIndex(data.readerIndex() + allocationLength);
        }
        task.complete(data);
    }

    /**
     * Waits for {@code length} bytes of data-out; the caller releases them. {@code null} when the transfer
     * failed (the transport finished the task already) or the thread was interrupted (it stays so).
     */
    static ByteBuf receive(DeviceTask task, int length) {
        try {
            return task.receiveDataOut(length).toCompletableFuture().get();
        } catch (ExecutionException transferFailed) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
