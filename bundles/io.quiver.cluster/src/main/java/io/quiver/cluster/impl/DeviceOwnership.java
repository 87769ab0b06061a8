package io.quiver.cluster.impl;

import java.io.IOException;
import java.util.concurrent.Executor;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.Participant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who owns one device (its active/optimized node): Curator's {@link LeaderLatch} among the nodes serving it.
 * Ownership moves only when the owner's session ends or it stops serving the device, never because of I/O,
 * so it cannot ping-pong. The owner's id is re-read (a ZooKeeper round trip, on the directory's event thread)
 * whenever the latch's participants change.
 *
 * <p>Thread-safe; {@link #close} is idempotent.
 */
final class DeviceOwnership {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceOwnership.class);

    private final String path;
    private final LeaderLatch latch;
    private final CuratorCache participants;
    private final Runnable changed;
    private volatile String owner;
    private volatile boolean closed;

    DeviceOwnership(CuratorFramework client, String path, String nodeId, Executor events, Runnable changed) {
        this.path = path;
        this.changed = changed;
        this.latch = new LeaderLatch(client, path, nodeId);
        this.participants = CuratorCache.build(client, path);
        participants.listenable().addListener((type, before, after) -> events.execute(this::reread));
        try {
            latch.start();
        } catch (Exception e) {
            throw new IllegalStateException("owner election of " + path + " not started", e);
        }
        participants.start();
    }

    private void reread() {
        if (closed) {
            return;
        }
        String next;
        try {
            Participant leader = latch.getLeader();
            next = leader.isLeader() ? leader.getId() : null;
        } catch (Exception e) {
            LOG.debug("Cluster: owner not read: {}", e.toString());
            next = null;
        }
        if (next != null && !next.equals(owner)) {
            LOG.info("Cluster: owner of {} is now {}", path, next);
        }
        owner = next;
        changed.run();
    }

    /** The owner's node id, or {@code null} while unknown. */
    String owner() {
        return owner;
    }

    void close() {
        closed = true;
        participants.close();
        try {
            latch.close(LeaderLatch.CloseMode.SILENT);
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Cluster: owner latch not closed", e);
        }
    }
}
