package io.quiver.core.impl.target;

import io.quiver.scsi.ScsiStatus;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a logical unit's released tasks run (SCST's {@code threads_num}): on the releasing thread for a
 * device that never blocks, else on the unit's own fixed pool of daemon threads.
 *
 * <p>Thread-safe. {@link #start} is called once at attach, {@link #shutdown} at detach; a task
 * dispatched after the shutdown ends BUSY.
 */
final class DeviceThreads {

    private final String deviceName;
    private final ServicePipeline pipeline;
    private volatile ExecutorService executor;

    DeviceThreads(String deviceName, ServicePipeline pipeline) {
        this.deviceName = deviceName;
        this.pipeline = pipeline;
    }

    /** Starts the pool; 0 threads: tasks run on the thread that releases them. */
    void start(int threads) {
        if (threads > 0) {
            AtomicInteger n = new AtomicInteger();
            // LinkedTransferQueue: the hand-off from the event loop is lock-free (CAS), and a parked device
            // thread is given the task directly instead of through a queue guarded by a lock.
            executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedTransferQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "quiver-" + deviceName + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
        }
    }

    /** Runs a released task through the pipeline, on the pool if there is one. */
    void dispatch(Task task) {
        ExecutorService ex = executor;
        if (ex == null) {
            pipeline.run(task);
            return;
        }
        try {
            ex.execute(() -> pipeline.run(task));
        } catch (RejectedExecutionException e) {
            // The executor is shut down: the device is detaching (see LogicalUnit.detach for why BUSY).
            task.complete(ScsiStatus.BUSY, null, null, 0);
        }
    }

    void shutdown() {
        ExecutorService ex = executor;
        if (ex != null) {
            ex.shutdown();
        }
    }
}
