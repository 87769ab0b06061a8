package io.quiver.cluster.impl;

import java.util.function.LongSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, on the node's own monotonic clock ({@link System#nanoTime()}), whether it is fenced: not connected
 * to ZooKeeper for longer than its fence delay. ZooKeeper reports a disconnection after at most two thirds of
 * the session timeout without an answer; the delay is capped at a third, so the node has stopped before the
 * ensemble expires its session and peers act on that. Never connected counts as fenced.
 *
 * <p>A paused JVM (SIGSTOP, a long GC, a frozen VM) hears nothing while paused and, once it runs again, would
 * serve the commands queued in its sockets before ZooKeeper's client noticed that its session expired
 * meanwhile: peers may have taken over by then. So a ticker thread notes the time every {@value #TICK_MS} ms;
 * a gap longer than a third of the session timeout (the longest a healthy node goes unheard) fences the node
 * at once, from the first command after the pause, until a ZooKeeper round trip issued after the pause
 * succeeded (the session was still alive) or the client reconnected (a new session).
 *
 * <p>Thread-safe: Curator calls {@link #stateChanged} on its event thread; {@link #fenced} reads volatiles.
 */
final class FencingClock implements ConnectionStateListener {

    private static final Logger LOG = LoggerFactory.getLogger(FencingClock.class);
    static final int TICK_MS = 100;

    private final LongSupplier clock;
    private final long fenceAfterNanos;
    private final long pauseNanos;
    private volatile boolean connected;
    /** When the connection went away ({@link System#nanoTime()}); meaningful while not connected. */
    private volatile long disconnectedAt;
    private volatile boolean lost;
    private volatile long lastTick;
    /** The pause being confirmed (0: none); a round trip confirms only the pause it was issued for. */
    private volatile long unconfirmedPause;
    private long pauses;
    private volatile Thread ticker;

    FencingClock(int fenceAfterMs, int sessionTimeoutMs) {
        this(fenceAfterMs, sessionTimeoutMs, System::nanoTime);
    }

    /** @param clock the monotonic clock in nanoseconds (tests move it to stage a pause) */
    FencingClock(int fenceAfterMs, int sessionTimeoutMs, LongSupplier clock) {
        this.clock = clock;
        this.disconnectedAt = clock.getAsLong();
        this.lastTick = disconnectedAt;
        this.fenceAfterNanos = Math.min(fenceAfterMs, sessionTimeoutMs / 3) * 1_000_000L;
        this.pauseNanos = Math.max(sessionTimeoutMs / 3, 3 * TICK_MS) * 1_000_000L;
    }

    boolean fenced() {
        if (unconfirmedPause != 0 || clock.getAsLong() - lastTick > pauseNanos) {
            return true; // paused, or the ticker has not run since a pause
        }
        if (connected) {
            return false;
        }
        return lost || clock.getAsLong() - disconnectedAt >= fenceAfterNanos;
    }

    boolean connected() {
        return connected;
    }

    /**
     * Starts the ticker. After a pause it calls {@code roundTrip} with the pause's number (again every half
     * second while unconfirmed), which issues a ZooKeeper request and calls {@link #confirmed} when it succeeded.
     */
    synchronized void start(java.util.function.LongConsumer roundTrip) {
        Thread t = new Thread(() -> tick(roundTrip), "quiver-cluster-pause-detector");
        t.setDaemon(true);
        ticker = t;
        t.start();
    }

    private void tick(java.util.function.LongConsumer roundTrip) {
        long lastAttempt = 0;
        while (ticker == Thread.currentThread()) {
            try {
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
            long now = clock.getAsLong();
            if (now - lastTick > pauseNanos) {
                long pause;
                synchronized (this) {
                    pause = ++pauses;
                }
                unconfirmedPause = pause;
                LOG.warn("Cluster: this node was paused for {} ms; cluster_mode devices fenced until ZooKeeper "
                        + "answers", (now - lastTick) / 1_000_000);
                lastAttempt = 0;
            }
            lastTick = now;
            long pause = unconfirmedPause;
            if (pause != 0 && now - lastAttempt > 500_000_000L) {
                lastAttempt = now;
                try {
                    roundTrip.accept(pause);
                } catch (RuntimeException e) {
                    // The ticker must go on: a stopped ticker would look like a pause that never ends.
                    LOG.warn("Cluster: round trip after a pause not sent: {}", e.toString());
                }
            }
        }
    }

    /** A ZooKeeper round trip issued after pause {@code pause} succeeded: the session outlived it. */
    void confirmed(long pause) {
        if (unconfirmedPause == pause && pause != 0) {
            unconfirmedPause = 0;
            LOG.info("Cluster: ZooKeeper answered after the pause; cluster_mode devices unfenced");
        }
    }

    synchronized void stop() {
        Thread t = ticker;
        ticker = null;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void stateChanged(CuratorFramework client, ConnectionState state) {
        switch (state) {
            case CONNECTED, RECONNECTED -> {
                lost = false;
                connected = true;
                confirmed(unconfirmedPause); // a (new) session answered after the pause
                LOG.info("Cluster: connected to ZooKeeper ({})", state);
            }
            case SUSPENDED -> {
                disconnectedAt = clock.getAsLong();
                connected = false;
                LOG.warn("Cluster: ZooKeeper connection suspended; cluster_mode devices fenced in {} ms",
                        fenceAfterNanos / 1_000_000);
            }
            case LOST -> {
                lost = true;
                connected = false;
                LOG.warn("Cluster: ZooKeeper session lost; cluster_mode devices fenced");
            }
            default -> {
            }
        }
    }
}
