package io.quiver.cluster.impl;

import io.quiver.spi.cluster.ClusterPortGroup;
import io.quiver.spi.cluster.ReservationStore;
import io.quiver.spi.cluster.SharedState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreMutex;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.Stat;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReservationStore} on a ZooKeeper ensemble through Apache Curator (layout in {@link ClusterPaths}):
 * compare-and-set is {@code setData} with the znode's data version, watches are Curator caches, the node's
 * liveness its session's ephemeral znodes. Active only while PID {@code io.quiver.cluster} is configured.
 *
 * <p>Thread-safe; blocking methods block for at most Curator's retry policy (about a session timeout).
 */
@Component(service = ReservationStore.class, configurationPid = "io.quiver.cluster",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ClusterConfig.class)
public final class ZooKeeperReservationStore implements ReservationStore {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperReservationStore.class);

    private CuratorFramework client;
    private ClusterPaths paths;
    private String nodeId;
    private String clusterId;
    private FencingClock fencing;
    private AckBarrier acks;
    private PersistentNode liveness;
    private PortGroupDirectory portGroups;
    private TargetPortIds portIds;
    private int sessionTimeoutMs;
    private int nonOwnerState = 1;
    private volatile boolean closed;

    private ClusterConfig config;

    @Activate
    void activate(ClusterConfig config) throws IOException {
        if (config.connect__string() == null || config.connect__string().isBlank()) {
            throw new IllegalArgumentException("io.quiver.cluster (etc/io.quiver.cluster.cfg): connect_string is "
                    + "required, host:port[,host:port...] of the ZooKeeper ensemble");
        }
        this.config = config;
        open(config.connect__string(), config.cluster__id(),
                config.node__id().isBlank() ? InetAddress.getLocalHost().getHostName() : config.node__id().trim(),
                config.session__timeout__ms(), config.fence__after__ms(), config.ack__margin__ms());
        nonOwnerState = "standby".equals(config.non__owner__state()) ? 2 : 1;
    }

    /**
     * A change of {@code non_owner_state} alone applies in place: reopening the ZooKeeper session would end this
     * node's owner latches and move the ownership of its devices. Any other change reconnects.
     */
    @Modified
    void modified(ClusterConfig next) throws IOException {
        ClusterConfig before = config;
        boolean sameSession = before != null && next.connect__string().equals(before.connect__string())
                && next.cluster__id().equals(before.cluster__id()) && next.node__id().equals(before.node__id())
                && next.session__timeout__ms() == before.session__timeout__ms()
                && next.fence__after__ms() == before.fence__after__ms()
                && next.ack__margin__ms() == before.ack__margin__ms();
        if (!sameSession) {
            close();
            activate(next);
            return;
        }
        config = next;
        nonOwnerState = "standby".equals(next.non__owner__state()) ? 2 : 1;
        LOG.info("Cluster: nodes that do not own a device are now {}", next.non__owner__state());
        portGroups.refresh();
    }

    /** Connects (asynchronously: the node stays fenced until connected) and registers the node. */
    void open(String connectString, String cluster, String node, int sessionTimeoutMs, int fenceAfterMs,
            int ackMarginMs) {
        this.closed = false;
        this.clusterId = cluster;
        this.nodeId = node;
        this.paths = ClusterPaths.of(cluster);
        this.fencing = new FencingClock(fenceAfterMs, sessionTimeoutMs);
        ZKClientConfig zk = new ZKClientConfig();
        // Karaf's JAAS configuration is not ZooKeeper's: never attempt SASL unless configured for it.
        zk.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
        // No ensemble tracker: Curator's default replaces the connect string with the addresses in the ensemble's
        // own configuration (/zookeeper/config) for every later connection, so a node configured to reach the
        // ensemble through other addresses (a proxy, NAT, names) silently stopped using them after a reconnect.
        client = CuratorFrameworkFactory.builder().connectString(connectString).ensembleTracker(false)
                .sessionTimeoutMs(sessionTimeoutMs).connectionTimeoutMs(Math.min(sessionTimeoutMs, 5000))
                .retryPolicy(new ExponentialBackoffRetry(100, 5, 1000)).zkClientConfig(zk).build();
        client.getConnectionStateListenable().addListener(fencing);
        client.start();
        fencing.start(this::roundTripAfterPause);
        acks = new AckBarrier(client, paths, node, ackMarginMs);
        liveness = new PersistentNode(client, CreateMode.EPHEMERAL, false, paths.node(node), new byte[0]);
        liveness.start();
        portGroups = new PortGroupDirectory(client, paths, node);
        portIds = new TargetPortIds(client, paths, node);
        this.sessionTimeoutMs = sessionTimeoutMs;
        LOG.info("Cluster: node {} of cluster {} on ZooKeeper {}", node, cluster, connectString);
    }

    /** A request to ZooKeeper whose success shows that this node's session outlived pause {@code pause}. */
    private void roundTripAfterPause(long pause) {
        try {
            client.checkExists().inBackground((c, event) -> {
                if (event.getResultCode() == KeeperException.Code.OK.intValue()
                        || event.getResultCode() == KeeperException.Code.NONODE.intValue()) {
                    fencing.confirmed(pause);
                }
            }).forPath(paths.root());
        } catch (Exception e) {
            LOG.debug("Cluster: round trip after a pause not sent: {}", e.toString());
        }
    }

    @Deactivate
    void close() {
        closed = true;
        fencing.stop();
        portGroups.close();
        try {
            liveness.close();
        } catch (IOException e) {
            LOG.debug("Cluster: liveness node not removed", e);
        }
        client.close();
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public boolean fenced() {
        return fencing.fenced();
    }

    @Override
    public List<String> liveNodes() {
        try {
            return client.getChildren().forPath(paths.nodes()).stream()
                    .map(n -> URLDecoder.decode(n, StandardCharsets.UTF_8)).sorted().toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Whether the ZooKeeper connection is up (management status). */
    boolean connected() {
        return fencing.connected();
    }

    CuratorFramework client() {
        return client;
    }

    ClusterPaths paths() {
        return paths;
    }

    @Override
    public SharedState read(String device) throws IOException {
        Stat stat = new Stat();
        try {
            byte[] data = client.getData().storingStatIn(stat).forPath(paths.state(device));
            return new SharedState(data == null ? new byte[0] : data, stat.getVersion());
        } catch (KeeperException.NoNodeException e) {
            return new SharedState(new byte[0], SharedState.ABSENT);
        } catch (Exception e) {
            throw failure("read", device, e);
        }
    }

    @Override
    public long compareAndSet(String device, long expectedVersion, byte[] data) throws IOException {
        try {
            if (expectedVersion == SharedState.ABSENT) {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
                        .forPath(paths.state(device), data);
                return 0;
            }
            return client.setData().withVersion((int) expectedVersion).forPath(paths.state(device), data)
                    .getVersion();
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
            return SharedState.ABSENT;
        } catch (Exception e) {
            throw failure("write", device, e);
        }
    }

    @Override
    public AutoCloseable watch(String device, Consumer<SharedState> listener) {
        return serving(device, new DeviceWatch(client, paths, device, nodeId, listener));
    }

    /** Joins through {@link DeviceJoin}: the first node to serve the device after none did powers it on. */
    @Override
    public AutoCloseable watch(String device, Consumer<SharedState> listener, UnaryOperator<byte[]> powerOn) {
        DeviceWatch watch;
        try {
            watch = DeviceJoin.join(client, paths, device, nodeId, listener, powerOn, sessionTimeoutMs, () -> closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            watch = null;
        }
        return watch == null ? () -> { } : serving(device, watch);
    }

    private AutoCloseable serving(String device, DeviceWatch watch) {
        AutoCloseable owner = portGroups.serve(device);
        return () -> {
            owner.close();
            watch.close();
        };
    }

    @Override
    public void acknowledge(String device, long version) {
        try {
            client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .forPath(paths.ack(device, version, nodeId));
        } catch (KeeperException.NodeExistsException e) {
            // acknowledged already (a repeated delivery)
        } catch (Exception e) {
            LOG.warn("Cluster: acknowledging device {}'s reservation state {} failed: {}", device, version,
                    e.toString());
        }
    }

    @Override
    public boolean awaitAcknowledged(String device, long version, Duration timeout)
            throws IOException, InterruptedException {
        try {
            return acks.await(device, version, timeout);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw failure("wait for acknowledgements of", device, e);
        }
    }

    /**
     * Curator's InterProcessSemaphoreMutex (one lease of a semaphore): unlike InterProcessMutex it may be
     * released by another thread than the one that acquired it, which the core needs because a command
     * completes on whatever thread its data arrived on.
     */
    @Override
    public AutoCloseable lock(String device, Duration timeout) throws IOException, InterruptedException {
        InterProcessSemaphoreMutex mutex = new InterProcessSemaphoreMutex(client, paths.lock(device));
        try {
            if (!mutex.acquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw failure("lock", device, e);
        }
        return () -> {
            try {
                mutex.release();
            } catch (IllegalStateException released) {
                // released already
            } catch (Exception e) {
                // The lease znode is ephemeral: it goes with the session if this delete failed.
                LOG.warn("Cluster: releasing device {}'s lock failed: {}", device, e.toString());
            }
        };
    }

    @Override
    public int relativeTargetPortId(String targetName, int requested) throws IOException {
        try {
            if (!client.blockUntilConnected(sessionTimeoutMs, TimeUnit.MILLISECONDS)) {
                throw new IOException("not connected to ZooKeeper");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return portIds.idOf(targetName, requested);
    }

    @Override
    public void publishTargetPorts(Set<Integer> relativeTargetPorts) {
        portGroups.publish(relativeTargetPorts);
    }

    @Override
    public List<ClusterPortGroup> portGroups(String device) {
        return portGroups.portGroups(device);
    }

    @Override
    public int nonOwnerAccessState() {
        return nonOwnerState;
    }

    @Override
    public AutoCloseable watchPortGroups(Runnable changed) {
        return portGroups.listen(changed);
    }

    private static IOException failure(String what, String device, Exception e) {
        return new IOException("cannot " + what + " device " + device + "'s reservation state in ZooKeeper: " + e, e);
    }
}
