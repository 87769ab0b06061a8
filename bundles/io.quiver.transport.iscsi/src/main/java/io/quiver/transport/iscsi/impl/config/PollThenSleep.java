package io.quiver.transport.iscsi.impl.config;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;

/**
 * The event loops' {@link SelectStrategy} for {@code busy_poll_usecs}: a loop that found I/O keeps polling its
 * sockets ({@code epoll_wait} with a zero timeout) for that long before it goes to sleep in {@code epoll_wait},
 * as Linux's {@code net.core.busy_poll} does for a socket. At queue depth 1 the next command usually arrives
 * within one round trip, so the loop takes it without being woken, and its CPU does not go idle between the
 * commands (on a virtual machine an idle vCPU's wake-up is tens of microseconds per command). Unlike
 * {@code busy_poll} an idle loop sleeps: polling costs CPU only while commands keep arriving.
 *
 * <p>One instance per event loop (the factory makes one each), used only on that loop's thread.
 */
final class PollThenSleep implements SelectStrategy {

    private final long pollNanos;
    private long lastIo;

    private PollThenSleep(long pollNanos) {
        this.pollNanos = pollNanos;
        lastIo = System.nanoTime() - pollNanos; // nanoTime's origin is arbitrary: no I/O yet means sleep
    }

    /** A factory of strategies that poll for {@code usecs} microseconds after the last I/O. */
    static SelectStrategyFactory factory(int usecs) {
        long nanos = usecs * 1_000L;
        return () -> new PollThenSleep(nanos);
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        int ready = selectNow.get();
        if (ready > 0) {
            lastIo = System.nanoTime();
            return ready;
        }
        if (hasTasks) {
            return 0; // nothing ready: run the tasks, then decide again
        }
        return System.nanoTime() - lastIo < pollNanos ? SelectStrategy.CONTINUE : SelectStrategy.SELECT;
    }
}
