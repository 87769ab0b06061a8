package io.quiver.rdma.emulated;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.rdma.Access;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.MemoryRegion;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaDevice;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.WorkRequestType;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One emulated reliable-connected queue pair, as {@link RdmaEndpoint} specifies, with its own protection
 * domain (the memory it registers) and receive ring. Its handler is called on the fabric's completion threads
 * in one serialized order. Beyond the SPI it shows tests {@link #peakReadsInFlight()}. Thread-safe.
 */
public final class EmulatedEndpoint implements RdmaEndpoint {
    private static final AtomicLong SYNTHETIC_ADDRESSES = new AtomicLong(0x7f00_0000_0000L);

    private final EmulatedProvider node;
    private final EmulatedFabric fabric;
    private final QueueConfig config;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final EndpointHandler handler;
    private final byte[] acceptPrivateData;
    private final SerialDelivery delivery;
    private final Map<Integer, EmulatedMemoryRegion> regions = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> disconnected = new CompletableFuture<>();
    private final QueuePair queuePair;

    EmulatedEndpoint(EmulatedProvider node, QueueConfig config, InetSocketAddress local, InetSocketAddress remote,
            EndpointHandler handler, byte[] acceptPrivateData) {
        this.node = node;
        this.fabric = node.fabric();
        this.config = config;
        this.local = local;
        this.remote = remote;
        this.handler = handler;
        this.acceptPrivateData = acceptPrivateData;
        this.delivery = fabric.newDelivery();
        this.queuePair = new QueuePair(this, fabric, config);
        fabric.track(this);
    }

    /** Connects two fresh endpoints' queue pairs to each other. */
    static void connect(EmulatedEndpoint a, EmulatedEndpoint b) {
        a.queuePair.connect(b.queuePair);
        b.queuePair.connect(a.queuePair);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public RdmaDevice device() {
        return node.devices().get(0);
    }

    @Override
    public QueueConfig config() {
        return config;
    }

    @Override
    public ByteBufAllocator allocator() {
        return fabric.allocator();
    }

    @Override
    public byte[] acceptPrivateData() {
        return acceptPrivateData == null ? new byte[0] : acceptPrivateData.clone();
    }

    /** The most RDMA READs this endpoint had in flight at once, which never exceeds the negotiated depth. */
    public int peakReadsInFlight() {
        return queuePair.peakReadsInFlight();
    }

    @Override
    public void send(ByteBuf message, long workRequestId, boolean signaled) throws RdmaException {
        post(WorkRequest.send(message, workRequestId, signaled));
    }

    @Override
    public void rdmaWrite(ByteBuf source, long remoteAddress, int rkey, long workRequestId, boolean signaled)
            throws RdmaException {
        post(WorkRequest.write(source, remoteAddress, rkey, workRequestId, signaled));
    }

    @Override
    public void rdmaRead(ByteBuf target, int length, long remoteAddress, int rkey, long workRequestId)
            throws RdmaException {
        post(WorkRequest.read(target, length, remoteAddress, rkey, workRequestId));
    }

    @Override
    public MemoryRegion register(ByteBuf buffer, Set<Access> access) throws RdmaException {
        if (access.contains(Access.REMOTE_WRITE) && !access.contains(Access.LOCAL_WRITE)) {
            throw new RdmaException("ibv_reg_mr: REMOTE_WRITE without LOCAL_WRITE (EINVAL)");
        }
        if (disconnected.isDone()) {
            throw new RdmaException("ibv_reg_mr: the endpoint to " + remote + " is disconnected");
        }
        long address = buffer.hasMemoryAddress() ? buffer.memoryAddress() + buffer.readerIndex()
                : SYNTHETIC_ADDRESSES.getAndAdd(Math.max(4096, buffer.readableBytes()));
        return new EmulatedMemoryRegion(buffer, address, fabric.nextKey(), access, regions);
    }

    @Override
    public void disconnect() {
        try {
            fabric.wire().execute(() -> queuePair.breakConnection(null));
        } catch (RejectedExecutionException e) {
            // The fabric is closed: every queue pair was broken before its wire thread stopped.
        }
    }

    @Override
    public void close() {
        disconnect();
        if (!delivery.inDelivery()) {
            try {
                disconnected.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                fabric.recordFailure(new IllegalStateException("endpoint to " + remote + " did not flush", e));
            }
        }
        regions.clear();
        fabric.untrack(this);
    }

    QueuePair queuePair() {
        return queuePair;
    }

    EmulatedMemoryRegion region(int rkey) {
        return regions.get(rkey);
    }

    void established() {
        delivery.execute(() -> handler.onEstablished(this));
    }

    void deliverReceive(ByteBuf message) {
        delivery.execute(() -> handler.onReceive(this, message));
    }

    void deliverCompletion(long id, WorkRequestType type, CompletionStatus status, int slots) {
        delivery.execute(() -> {
            queuePair.retire(slots);
            handler.onCompletion(this, id, type, status);
        });
    }

    void deliverDisconnected() {
        delivery.execute(() -> {
            try {
                handler.onDisconnected(this);
            } finally {
                disconnected.complete(null);
            }
        });
    }

    private void post(WorkRequest wr) throws RdmaException {
        try {
            queuePair.post(wr);
        } catch (RdmaException | RuntimeException e) {
            wr.releaseOwned();
            throw e;
        }
    }
}
