package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.spi.device.DeviceTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One data-out transfer of a task (SCST's rdy_to_xfer): asks the transport for the data, runs the work on
 * it where {@link TaskFlow} says, releases the buffer exactly once and runs the {@code after} step (which
 * releases the task's range) exactly once, whether the transfer, the work or the hand-off fails.
 *
 * <p>Threading: the work runs on the given executor once the data is there, or at once on the calling
 * thread when it may and the transport already has the data (immediate data). Stateless.
 */
final class DataOutTransfer {

    private DataOutTransfer() {
    }

    /**
     * Fetches {@code length} bytes of data-out and runs {@code work} on them.
     *
     * @param inlineWhenReady run {@code work} on the calling thread if the data is already there
     */
    static void fetch(TaskFlow flow, DeviceTask task, int length, Executor executor, TaskFlow.DataWork work,
            Runnable after, boolean inlineWhenReady) {
        CompletionStage<ByteBuf> stage;
        try {
            stage = task.receiveDataOut(length);
        } catch (IllegalArgumentException e) {
            after.run();
            // The CDB asks for more than the initiator said it would send.
            task.fail(Senses.invalidCdb(0, -1).sense());
            return;
        }
        if (inlineWhenReady) {
            CompletableFuture<ByteBuf> ready = stage.toCompletableFuture();
            if (ready.isDone() && !ready.isCompletedExceptionally()) {
                ByteBuf buf = ready.join();
                try {
                    flow.guard(task, () -> work.run(buf));
                } finally {
                    buf.release();
                    after.run();
                }
                return;
            }
        }
        stage.whenComplete((buf, err) -> {
            if (err != null) {
                after.run();
                return;
            }
            try {
                executor.execute(() -> {
                    try {
                        flow.guard(task, () -> work.run(buf));
                    } finally {
                        buf.release();
                        after.run();
                    }
                });
            } catch (RejectedExecutionException e) {
                buf.release();
                after.run();
                task.fail(Senses.internalFailure());
            }
        });
    }
}
