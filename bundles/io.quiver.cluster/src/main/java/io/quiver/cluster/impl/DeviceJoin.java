package io.quiver.cluster.impl;

import io.quiver.spi.cluster.SharedState;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreMutex;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node starts serving a device: under the device's join lock (Curator's {@link InterProcessSemaphoreMutex}
 * under {@code devices/<device>/join}) it lists the device's members; none means that the logical unit powers
 * on across the cluster (every node had stopped serving it), so the state goes through the core's power-on step
 * by compare-and-set. Then the node's membership znode is created and waited for before the lock is released,
 * so that a node joining right after sees it as a member and skips the step: once per power on, never over a
 * change a member has made since. A member whose session outlived its process (kill -9, then a quick restart)
 * still counts until the session expires: the logical unit has not lost power for the cluster then.
 *
 * <p>Used by one thread at a time per device (the core's reservation thread); blocks.
 */
final class DeviceJoin {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceJoin.class);

    private DeviceJoin() {
    }

    /**
     * Joins, retrying (every second) while ZooKeeper cannot be reached, until joined or {@code closed}.
     *
     * @return the node's watch of the device, or {@code null} if the store closed first
     */
    static DeviceWatch join(CuratorFramework client, ClusterPaths paths, String device, String nodeId,
            Consumer<SharedState> listener, UnaryOperator<byte[]> powerOn, int timeoutMs, BooleanSupplier closed)
            throws InterruptedException {
        while (!closed.getAsBoolean()) {
            try {
                DeviceWatch watch = joinOnce(client, paths, device, nodeId, listener, powerOn, timeoutMs);
                if (watch != null) {
                    return watch;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.warn("Cluster: joining device {} failed, trying again: {}", device, e.toString());
            }
            Thread.sleep(1000);
        }
        return null;
    }

    private static DeviceWatch joinOnce(CuratorFramework client, ClusterPaths paths, String device, String nodeId,
            Consumer<SharedState> listener, UnaryOperator<byte[]> powerOn, int timeoutMs) throws Exception {
        if (!client.blockUntilConnected(timeoutMs, TimeUnit.MILLISECONDS)) {
            return null;
        }
        InterProcessSemaphoreMutex lock = new InterProcessSemaphoreMutex(client, paths.join(device));
        if (!lock.acquire(timeoutMs, TimeUnit.MILLISECONDS)) {
            return null;
        }
        try {
            if (members(client, paths, device).isEmpty()) {
                powerOn(client, paths, device, powerOn);
            }
            DeviceWatch watch = new DeviceWatch(client, paths, device, nodeId, listener);
            if (!watch.awaitMembership(timeoutMs)) {
                watch.close();
                return null;
            }
            return watch;
        } finally {
            lock.release();
        }
    }

    private static List<String> members(CuratorFramework client, ClusterPaths paths, String device) throws Exception {
        try {
            return client.getChildren().forPath(paths.members(device));
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    /** Applies the power-on step to the state, if there is one (compare-and-set; again on a newer version). */
    private static void powerOn(CuratorFramework client, ClusterPaths paths, String device,
            UnaryOperator<byte[]> powerOn) throws Exception {
        while (true) {
            Stat stat = new Stat();
            byte[] data;
            try {
                data = client.getData().storingStatIn(stat).forPath(paths.state(device));
            } catch (KeeperException.NoNodeException e) {
                return; // a new device: nothing to power on
            }
            byte[] next = powerOn.apply(data == null ? new byte[0] : data);
            if (next == null) {
                return;
            }
            try {
                client.setData().withVersion(stat.getVersion()).forPath(paths.state(device), next);
                LOG.info("Cluster: device {} powers on (no node served it): state {} replaced", device,
                        stat.getVersion());
                return;
            } catch (KeeperException.BadVersionException e) {
                // changed meanwhile: apply the step to the newer state
            }
        }
    }
}
