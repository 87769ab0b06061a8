package io.quiver.cluster.impl;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Waits until every other node serving a device has acknowledged a version of its reservation state. A node
 * counts as done when its ack znode exists, or when its membership znode vanished (ZooKeeper expired its
 * session: it fenced itself before that, see {@link FencingClock}) and a safety margin has passed since this
 * node saw it vanish. The nodes waited for are the members when the wait starts; a node joining later reads
 * the new state when it starts watching. Polls every few milliseconds: PR OUT is rare, and a poll needs no
 * watch bookkeeping on the ensemble.
 *
 * <p>Stateless apart from its configuration; each call uses the calling thread only.
 */
final class AckBarrier {

    private static final long POLL_MILLIS = 10;

    private final CuratorFramework client;
    private final ClusterPaths paths;
    private final String self;
    private final long marginNanos;

    AckBarrier(CuratorFramework client, ClusterPaths paths, String self, int marginMs) {
        this.client = client;
        this.paths = paths;
        this.self = ClusterPaths.segment(self);
        this.marginNanos = marginMs * 1_000_000L;
    }

    boolean await(String device, long version, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> waiting = new HashSet<>(children(paths.members(device)));
        waiting.remove(self);
        Map<String, Long> goneAt = new HashMap<>();
        while (true) {
            waiting.removeAll(children(paths.acks(device, version)));
            List<String> members = children(paths.members(device));
            long now = System.nanoTime();
            for (String node : waiting) {
                if (!members.contains(node)) {
                    goneAt.putIfAbsent(node, now);
                }
            }
            waiting.removeIf(n -> goneAt.containsKey(n) && now - goneAt.get(n) >= marginNanos
                    && !members.contains(n));
            if (waiting.isEmpty()) {
                return true;
            }
            if (now - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private List<String> children(String path) throws Exception {
        try {
            return client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }
}
