package io.quiver.rdma.emulated;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.quiver.rdma.RdmaDevice;
import io.quiver.rdma.RdmaEndpoint;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process RDMA fabric for unit tests: {@link #addNode} makes one {@link EmulatedProvider} (provider
 * name {@code emulated}) per emulated node, with one IP address and one {@link RdmaDevice} whose limits bound
 * the queues. Endpoints of different nodes (or of one node) connect through RDMA CM semantics and exchange
 * SENDs, RDMA READs and WRITEs as a reliable-connected queue pair does on hardware.
 *
 * <p>Threading, as on hardware: one <em>wire</em> thread executes every work request and every queue-pair
 * state change of the fabric (the adapter); one connection-management thread calls the listeners' handlers;
 * completion threads deliver each endpoint's completions and messages, in one serialized order
 * per endpoint, never inside the call that posted. Posting is thread-safe and never blocks.
 *
 * <p>Faults for tests: {@link #dropConnection} (the link goes away), {@link #completionDelay} (wire
 * latency). What handlers throw, and misuse the fabric detects, is collected in {@link #handlerFailures()}
 * for tests to assert on.
 * {@link #close()} disconnects every endpoint and stops the threads.
 */
public final class EmulatedFabric implements AutoCloseable {
    private static final ByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(true);
    private static final AtomicInteger FABRICS = new AtomicInteger();

    private final int rnrRetryCount;
    private final Duration rnrTimeout;
    private final ScheduledExecutorService wire;
    private final ExecutorService connectionManager;
    private final ExecutorService completions;
    private final Map<InetAddress, EmulatedProvider> nodes = new ConcurrentHashMap<>();
    private final List<EmulatedEndpoint> endpoints = new CopyOnWriteArrayList<>();
    private final List<Throwable> handlerFailures = new CopyOnWriteArrayList<>();
    private final AtomicInteger keys = new AtomicInteger(0x1234);
    private final AtomicLong nodeGuids = new AtomicLong(0x0002_c903_0000_0000L);
    private volatile Duration completionDelay = Duration.ZERO;

    /** A fabric whose SENDs retry receiver-not-ready 3 times, 1 ms apart, then fail. */
    public EmulatedFabric() {
        this(3, Duration.ofMillis(1));
    }

    /**
     * A fabric whose queue pairs retry a SEND that meets receiver-not-ready {@code rnrRetryCount} times,
     * {@code rnrTimeout} apart, before failing it with {@code RNR_RETRY_EXCEEDED} (verbs' {@code rnr_retry}
     * and {@code min_rnr_timer}; unlike verbs, 7 is not infinite).
     */
    public EmulatedFabric(int rnrRetryCount, Duration rnrTimeout) {
        if (rnrRetryCount < 0 || rnrTimeout.isNegative()) {
            throw new IllegalArgumentException("bad RNR retry " + rnrRetryCount + "/" + rnrTimeout);
        }
        this.rnrRetryCount = rnrRetryCount;
        this.rnrTimeout = rnrTimeout;
        int fabric = FABRICS.incrementAndGet();
        ScheduledThreadPoolExecutor wireThread = new ScheduledThreadPoolExecutor(1,
                daemons("emulated-rdma-" + fabric + "-wire"));
        // At close every queue pair is in error: delayed completions and RNR retries have nothing left to do.
        wireThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        wire = wireThread;
        connectionManager = Executors.newSingleThreadExecutor(daemons("emulated-rdma-" + fabric + "-cm"));
        // Unbounded, so that a handler blocking in another endpoint's close() cannot starve that endpoint's flush.
        completions = Executors.newCachedThreadPool(daemons("emulated-rdma-" + fabric + "-completion"));
    }

    /** A node at {@code address} with a device of the limits of a small ConnectX (16384 WRs, 30 SGEs, 16 reads). */
    public EmulatedProvider addNode(InetAddress address, String deviceName) {
        return addNode(address, new RdmaDevice(deviceName, nodeGuids.incrementAndGet(), 16384, 30, 16));
    }

    /** A node at {@code address} with {@code device}; one node per address. */
    public EmulatedProvider addNode(InetAddress address, RdmaDevice device) {
        EmulatedProvider node = new EmulatedProvider(this, address, device);
        if (nodes.putIfAbsent(address, node) != null) {
            throw new IllegalArgumentException("a node already has address " + address.getHostAddress());
        }
        return node;
    }

    /** Breaks {@code endpoint}'s connection as a lost link does: the work in flight fails with RETRY_EXCEEDED. */
    public void dropConnection(RdmaEndpoint endpoint) {
        EmulatedEndpoint emulated = (EmulatedEndpoint) endpoint;
        wire.execute(() -> emulated.queuePair().breakConnection(io.quiver.rdma.CompletionStatus.RETRY_EXCEEDED));
    }

    /** Delays every work request's completion by {@code delay} from now on (zero by default). */
    public void completionDelay(Duration delay) {
        completionDelay = delay;
    }

    /**
     * What endpoint and connection-request handlers threw, and the misuse the fabric saw (a registered buffer
     * freed while registered, a close whose flush did not come), in order; a correct driver leaves it empty.
     */
    public List<Throwable> handlerFailures() {
        return new ArrayList<>(handlerFailures);
    }

    @Override
    public void close() {
        endpoints.forEach(EmulatedEndpoint::disconnect);
        endpoints.forEach(EmulatedEndpoint::close);
        connectionManager.shutdown();
        wire.shutdown();
        try {
            wire.awaitTermination(5, TimeUnit.SECONDS);
            completions.shutdown();
            completions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    EmulatedProvider node(InetAddress address) {
        return nodes.get(address);
    }

    ByteBufAllocator allocator() {
        return ALLOCATOR;
    }

    ScheduledExecutorService wire() {
        return wire;
    }

    ExecutorService connectionManager() {
        return connectionManager;
    }

    SerialDelivery newDelivery() {
        return new SerialDelivery(completions, handlerFailures::add);
    }

    void recordFailure(Throwable failure) {
        handlerFailures.add(failure);
    }

    void track(EmulatedEndpoint endpoint) {
        endpoints.add(endpoint);
    }

    void untrack(EmulatedEndpoint endpoint) {
        endpoints.remove(endpoint);
    }

    /** A fresh memory key; keys of different fabrics and regions differ, as an adapter's do. */
    int nextKey() {
        return keys.addAndGet(0x9e37);
    }

    int rnrRetryCount() {
        return rnrRetryCount;
    }

    Duration rnrTimeout() {
        return rnrTimeout;
    }

    Duration completionDelay() {
        return completionDelay;
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
