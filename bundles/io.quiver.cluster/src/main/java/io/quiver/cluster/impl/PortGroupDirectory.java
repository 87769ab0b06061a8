package io.quiver.cluster.impl;

import io.quiver.spi.cluster.ClusterPortGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ALUA across nodes: this node's target port group (its id allocated once through a persistent sequential
 * znode, its ports in an ephemeral znode and, for when the node is gone, in the persistent one), a cache of
 * every node's group (live or gone), and the owner of each device this node serves ({@link DeviceOwnership}). Listeners hear of every change on this directory's event thread.
 *
 * <p>Thread-safe; ZooKeeper round trips run on the event thread, never on the caller's.
 */
final class PortGroupDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PortGroupDirectory.class);

    private final CuratorFramework client;
    private final ClusterPaths paths;
    private final String nodeId;
    private final ExecutorService events;
    private final CuratorCache cache;
    private final CuratorCache persisted;
    private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();
    private final Map<String, DeviceOwnership> owners = new ConcurrentHashMap<>();
    private volatile List<NodeGroup> groups = List.of();
    private volatile Set<Integer> published = Set.of();
    private volatile int groupId;
    private volatile PersistentNode portsNode;
    private volatile String groupPath;

    PortGroupDirectory(CuratorFramework client, ClusterPaths paths, String nodeId) {
        this.client = client;
        this.paths = paths;
        this.nodeId = nodeId;
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "quiver-cluster-alua");
            t.setDaemon(true);
            return t;
        });
        this.cache = CuratorCache.build(client, paths.ports());
        cache.listenable().addListener((type, before, after) -> submit(this::reread));
        cache.start();
        this.persisted = CuratorCache.build(client, paths.groups());
        persisted.listenable().addListener((type, before, after) -> submit(this::reread));
        persisted.start();
        submit(this::allocateGroup);
    }

    /** Finds this node's group id (or allocates one) and publishes its ports; retried until connected. */
    private void allocateGroup() {
        String prefix = ClusterPaths.segment(nodeId) + "-";
        try {
            client.blockUntilConnected();
            client.createContainers(paths.groups());
            String mine = client.getChildren().forPath(paths.groups()).stream().filter(c -> c.startsWith(prefix))
                    .sorted().findFirst().orElse(null);
            if (mine == null) {
                String path = client.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                        .forPath(paths.groups() + "/" + prefix);
                mine = path.substring(path.lastIndexOf('/') + 1);
            }
            groupId = Integer.parseInt(mine.substring(prefix.length())) + 1;
            groupPath = paths.groups() + "/" + mine;
            client.setData().forPath(groupPath, encode());
            portsNode = new PersistentNode(client, CreateMode.EPHEMERAL, false, paths.ports(nodeId), encode());
            portsNode.start();
            LOG.info("Cluster: node {} has target port group {}", nodeId, groupId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Cluster: target port group id not allocated yet: {}", e.toString());
            submit(this::allocateGroup);
        }
    }

    /** This node's relative target port ids (all its target ports); published asynchronously. */
    void publish(Set<Integer> ports) {
        published = Set.copyOf(ports);
        submit(() -> {
            PersistentNode node = portsNode;
            if (node == null) {
                return; // allocateGroup publishes the latest ports
            }
            try {
                if (node.waitForInitialCreate(10, TimeUnit.SECONDS)) {
                    node.setData(encode());
                    // Kept after this node is gone: the others then report these ports offline.
                    client.setData().forPath(groupPath, encode());
                }
            } catch (Exception e) {
                LOG.warn("Cluster: target ports not published: {}", e.toString());
            }
        });
    }

    /** Runs {@code work} on the event thread; dropped once the directory is closed. */
    private void submit(Runnable work) {
        try {
            events.execute(work);
        } catch (RejectedExecutionException closed) {
            // closed: nothing to keep up to date any more
        }
    }

    private byte[] encode() {
        return NodeGroup.encode(groupId, published);
    }

    /** Every node's group: the live ones from ports/, the gone ones from groups/ (their first per node). */
    private void reread() {
        Map<String, NodeGroup> byNode = new TreeMap<>();
        String livePrefix = paths.ports() + "/";
        cache.stream().filter(d -> d.getPath().startsWith(livePrefix))
                .map(d -> NodeGroup.live(d.getPath().substring(livePrefix.length()), d.getData()))
                .forEach(g -> byNode.put(g.node(), g));
        String groupPrefix = paths.groups() + "/";
        persisted.stream().filter(d -> d.getPath().startsWith(groupPrefix)
                        && d.getPath().lastIndexOf('-') > groupPrefix.length())
                .sorted(Comparator.comparing(ChildData::getPath))
                .map(d -> NodeGroup.persisted(d.getPath().substring(groupPrefix.length()), d.getData()))
                .forEach(g -> byNode.putIfAbsent(g.node(), g));
        List<NodeGroup> next = new ArrayList<>(byNode.values());
        next.sort(Comparator.comparingInt(NodeGroup::id));
        groups = List.copyOf(next);
        changed();
    }

    /** Tells the listeners, on the event thread, that the groups' states may differ (non_owner_state changed). */
    void refresh() {
        submit(this::changed);
    }

    /** Runs for owners and groups changes (on the event thread). */
    void changed() {
        listeners.forEach(Runnable::run);
    }

    /** Starts electing {@code device}'s owner among the nodes serving it; closing the handle leaves. */
    AutoCloseable serve(String device) {
        DeviceOwnership o = new DeviceOwnership(client, paths.owner(device), nodeId, this::submit, this::changed);
        DeviceOwnership old = owners.put(device, o);
        if (old != null) {
            old.close();
        }
        return () -> {
            owners.remove(device, o);
            o.close();
            submit(this::changed);
        };
    }

    /** Every node's group, live or gone, with {@code device}'s owner marked; empty until the owner is known. */
    List<ClusterPortGroup> portGroups(String device) {
        DeviceOwnership o = owners.get(device);
        String owner = o == null ? null : o.owner();
        if (owner == null) {
            return List.of();
        }
        // A gone node that never published a port has nothing to report.
        return groups.stream().filter(g -> g.id() > 0 && (g.live() || !g.ports().isEmpty()))
                .map(g -> new ClusterPortGroup(g.node(), g.id(), g.ports(), g.live() && g.node().equals(owner),
                        g.live())).toList();
    }

    AutoCloseable listen(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        owners.values().forEach(DeviceOwnership::close);
        cache.close();
        persisted.close();
        events.shutdownNow();
        PersistentNode node = portsNode;
        if (node != null) {
            try {
                node.close();
            } catch (java.io.IOException e) {
                LOG.debug("Cluster: ports node not removed", e);
            }
        }
    }
}
