package io.quiver.cluster.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * Relative target port identifiers unique across the cluster: each id is a persistent znode
 * {@code relative_target_ports/<id>} whose data names the node and target that own it, created only if absent
 * (ZooKeeper's create is the allocation's compare-and-set). An id stays with its node and target across
 * restarts; a node that is gone keeps its ids, so its ports stay distinguishable in PR registrations and
 * REPORT TARGET PORT GROUPS.
 *
 * <p>Thread-safe (no state but the client); every method blocks for ZooKeeper round trips.
 */
final class TargetPortIds {

    private static final int MAX_ID = 0xFFFF;

    private final CuratorFramework client;
    private final ClusterPaths paths;
    private final String nodeId;

    TargetPortIds(CuratorFramework client, ClusterPaths paths, String nodeId) {
        this.client = client;
        this.paths = paths;
        this.nodeId = nodeId;
    }

    /** The id of this node's {@code target}: {@code requested} claimed, or the one it had, or the lowest free. */
    int idOf(String target, int requested) throws IOException {
        byte[] owner = (nodeId + "\n" + target).getBytes(StandardCharsets.UTF_8);
        try {
            client.createContainers(paths.relativeTargetPorts());
            if (requested != 0) {
                if (!claim(requested, owner)) {
                    throw new IllegalStateException("relative target port id " + requested + " of target " + target
                            + " is taken across the cluster by " + holder(requested).replace('\n', '/'));
                }
                return requested;
            }
            Set<Integer> taken = new HashSet<>();
            for (String child : client.getChildren().forPath(paths.relativeTargetPorts())) {
                int id = Integer.parseInt(child);
                taken.add(id);
                if (holder(id).equals(new String(owner, StandardCharsets.UTF_8))) {
                    return id;
                }
            }
            for (int id = 1; id <= MAX_ID; id++) {
                if (!taken.contains(id) && claim(id, owner)) {
                    return id;
                }
            }
            throw new IllegalStateException("no relative target port id is free across the cluster");
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot allocate a relative target port id for " + target + " in ZooKeeper: " + e, e);
        }
    }

    /** Creates {@code id} for {@code owner}; true if it is (now or already) {@code owner}'s. */
    private boolean claim(int id, byte[] owner) throws Exception {
        try {
            client.create().withMode(CreateMode.PERSISTENT).forPath(path(id), owner);
            return true;
        } catch (KeeperException.NodeExistsException e) {
            return holder(id).equals(new String(owner, StandardCharsets.UTF_8));
        }
    }

    private String holder(int id) throws Exception {
        try {
            return new String(client.getData().forPath(path(id)), StandardCharsets.UTF_8);
        } catch (KeeperException.NoNodeException e) {
            return "";
        }
    }

    private String path(int id) {
        return paths.relativeTargetPorts() + "/" + id;
    }
}
