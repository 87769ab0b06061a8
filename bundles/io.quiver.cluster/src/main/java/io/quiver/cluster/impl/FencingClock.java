package io.quiver.cluster.impl;

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
 * <p>Thread-safe: Curator calls {@link #stateChanged} on its event thread; {@link #fenced} reads volatiles.
 */
final class FencingClock implements ConnectionStateListener {

    private static final Logger LOG = LoggerFactory.getLogger(FencingClock.class);

    private final long fenceAfterNanos;
    private volatile boolean connected;
    /** When the connection went away ({@link System#nanoTime()}); meaningful while not connected. */
    private volatile long disconnectedAt = System.nanoTime();
    private volatile boolean lost;

    FencingClock(int fenceAfterMs, int sessionTimeoutMs) {
        this.fenceAfterNanos = Math.min(fenceAfterMs, sessionTimeoutMs / 3) * 1_000_000L;
    }

    boolean fenced() {
        if (connected) {
            return false;
        }
        return lost || System.nanoTime() - disconnectedAt >= fenceAfterNanos;
    }

    boolean connected() {
        return connected;
    }

    @Override
    public void stateChanged(CuratorFramework client, ConnectionState state) {
        switch (state) {
            case CONNECTED, RECONNECTED -> {
                lost = false;
                connected = true;
                LOG.info("Cluster: connected to ZooKeeper ({})", state);
            }
            case SUSPENDED -> {
                disconnectedAt = System.nanoTime();
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
