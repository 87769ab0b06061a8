package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.quiver.linux.FileIo;
import io.quiver.linux.LinuxException;
import io.quiver.linux.NativeLibrary;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completion thread of one device: waits on the device's completion channel ({@code ibv_get_cq_event},
 * after {@code poll} with a short timeout so tasks and shutdown are seen), acknowledges each event, re-arms
 * the CQ and lets its endpoint poll it empty. It also runs tasks handed to it ({@link #execute}), so that
 * everything an endpoint's handler sees, connection events included, comes from this one thread in order.
 * Thread-safe to feed; the loop itself is the only caller of native completion calls.
 */
final class CompletionLoop implements Runnable, Executor {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionLoop.class);
    /** How long a task waits at most for the loop to notice it: the poll timeout. */
    private static final int WAKE_MILLIS = 5;

    private final Verbs verbs;
    private final MemorySegment channel;
    private final int fd;
    private final Map<Long, VerbsEndpoint> byCq = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    CompletionLoop(Verbs verbs, MemorySegment channel, String device) {
        this.verbs = verbs;
        this.channel = channel;
        this.fd = channel.get(JAVA_INT, Layouts.COMP_CHANNEL_FD);
        this.thread = Thread.ofPlatform().daemon().name("quiver-rdma-cq-" + device).unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** Whether the caller is this loop's thread. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Adds an endpoint whose CQ events this loop dispatches. */
    void add(MemorySegment cq, VerbsEndpoint endpoint) {
        byCq.put(cq.address(), endpoint);
    }

    /** Removes an endpoint before its CQ is destroyed (on this thread, so no event is in flight for it). */
    void remove(MemorySegment cq) {
        byCq.remove(cq.address());
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Stops the loop and waits for it; it then runs no more tasks. */
    void stop() throws InterruptedException {
        stopped = true;
        if (!inLoop()) {
            thread.join(2000);
        }
    }

    @Override
    public void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cqOut = arena.allocate(ADDRESS);
            MemorySegment contextOut = arena.allocate(ADDRESS);
            while (!stopped) {
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    runSafely(task);
                }
                if (FileIo.poll(fd, (short) 1, WAKE_MILLIS)) {
                    int rc = (int) verbs.getCqEvent.invokeExact(NativeLibrary.errnoState(), channel, cqOut, contextOut);
                    if (rc != 0) {
                        continue;
                    }
                    MemorySegment cq = cqOut.get(ADDRESS, 0);
                    verbs.ackCqEvents.invokeExact(NativeLibrary.errnoState(), cq, 1);
                    VerbsEndpoint endpoint = byCq.get(cq.address());
                    if (endpoint != null) {
                        runSafely(endpoint::pollCompletions);
                    }
                }
            }
        } catch (LinuxException e) {
            LOG.error("RDMA completion channel failed; completions stop", e);
        } catch (Throwable t) {
            LOG.error("RDMA completion loop failed", t);
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // a handler's bug must not stop every other endpoint's completions
            LOG.error("RDMA completion task failed", e);
        }
    }
}
