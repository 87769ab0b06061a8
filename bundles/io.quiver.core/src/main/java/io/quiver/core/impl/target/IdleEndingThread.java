package io.quiver.core.impl.target;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A single daemon thread for occasional blocking work of the core (calls to the cluster's store), taken in
 * order, that ends after 10 s without work and comes back with the next: nothing to shut down, so work owed
 * after a unit or target went away still runs. Stateless factory.
 */
final class IdleEndingThread {

    private IdleEndingThread() {
    }

    /** @param name asked for each time the thread starts */
    static ExecutorService named(Supplier<String> name) {
        ThreadPoolExecutor t = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread th = new Thread(r, name.get());
            th.setDaemon(true);
            return th;
        });
        t.allowCoreThreadTimeOut(true);
        return t;
    }
}
