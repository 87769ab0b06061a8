package io.quiver.rdma.emulated;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The delivery order of one endpoint: tasks run one at a time, in submission order, on a thread of the
 * fabric's completion pool (never inside the call that submitted them, so a handler that posts from a
 * callback is not re-entered). A task that throws is reported to {@code failures} and delivery goes on.
 */
final class SerialDelivery implements Executor {
    private final Executor pool;
    private final Consumer<Throwable> failures;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;
    private volatile Thread runner;

    SerialDelivery(Executor pool, Consumer<Throwable> failures) {
        this.pool = pool;
        this.failures = failures;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        pool.execute(this::drain);
    }

    /** Whether the calling thread is running one of this delivery's tasks. */
    boolean inDelivery() {
        return runner == Thread.currentThread();
    }

    private void drain() {
        runner = Thread.currentThread();
        try {
            while (true) {
                Runnable task;
                synchronized (tasks) {
                    task = tasks.poll();
                    if (task == null) {
                        scheduled = false;
                        return;
                    }
                }
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    failures.accept(e);
                }
            }
        } finally {
            runner = null;
        }
    }
}
