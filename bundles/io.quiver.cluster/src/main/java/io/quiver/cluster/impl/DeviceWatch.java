package io.quiver.cluster.impl;

import io.quiver.spi.cluster.SharedState;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node serving one device: its membership znode (Curator's {@link PersistentNode}, ephemeral, re-created
 * after a new session) and a {@link CuratorCache} of the device's state znode that hands every version to the
 * core's listener, the current one first. Curator calls the listener on the cache's single thread, in order.
 *
 * <p>Thread-safe; {@link #close} is idempotent.
 */
final class DeviceWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceWatch.class);

    private final PersistentNode membership;
    private final CuratorCache cache;

    DeviceWatch(CuratorFramework client, ClusterPaths paths, String device, String nodeId,
            Consumer<SharedState> listener) {
        this.membership = new PersistentNode(client, CreateMode.EPHEMERAL, false, paths.member(device, nodeId),
                new byte[0]);
        this.cache = CuratorCache.build(client, paths.state(device), CuratorCache.Options.SINGLE_NODE_CACHE);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, after) -> deliver(device, listener, after))
                .build());
        membership.start();
        cache.start();
    }

    /** Waits until this node's membership znode exists; {@code false} if {@code timeoutMs} passed first. */
    boolean awaitMembership(long timeoutMs) throws InterruptedException {
        return membership.waitForInitialCreate(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static void deliver(String device, Consumer<SharedState> listener, ChildData data) {
        try {
            listener.accept(new SharedState(data.getData() == null ? new byte[0] : data.getData(),
                    data.getStat().getVersion()));
        } catch (RuntimeException e) {
            LOG.error("Cluster: applying device {}'s reservation state {} failed", device,
                    data.getStat().getVersion(), e);
        }
    }

    @Override
    public void close() {
        cache.close();
        try {
            membership.close();
        } catch (java.io.IOException e) {
            LOG.debug("Cluster: membership node not removed", e);
        }
    }
}
