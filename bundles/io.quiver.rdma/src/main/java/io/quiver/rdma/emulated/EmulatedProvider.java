package io.quiver.rdma.emulated;

import io.netty.buffer.ByteBuf;
import io.quiver.rdma.ConnectionRejectedException;
import io.quiver.rdma.ConnectionRequest;
import io.quiver.rdma.ConnectionRequestHandler;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.NoRdmaDeviceException;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaDevice;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.RdmaListener;
import io.quiver.rdma.RdmaProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node of an {@link EmulatedFabric}: one IP address and one device, listeners on its ports, and
 * connections to other nodes' listeners. A connect to an address no node has fails as RDMA CM's address
 * resolution does; to a port nobody listens on, with a {@link ConnectionRejectedException} without private
 * data (IB CM REJ "invalid service ID"). Thread-safe; handlers run on the fabric's connection-management
 * thread.
 */
public final class EmulatedProvider implements RdmaProvider {
    private final EmulatedFabric fabric;
    private final InetAddress address;
    private final RdmaDevice device;
    private final Map<Integer, Listener> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger ephemeral = new AtomicInteger(49152);

    EmulatedProvider(EmulatedFabric fabric, InetAddress address, RdmaDevice device) {
        this.fabric = fabric;
        this.address = address;
        this.device = device;
    }

    @Override
    public String name() {
        return "emulated";
    }

    @Override
    public List<RdmaDevice> devices() {
        return List.of(device);
    }

    /** The node's IP address. */
    public InetAddress address() {
        return address;
    }

    @Override
    public RdmaListener listen(InetSocketAddress local, QueueConfig config, ConnectionRequestHandler handler)
            throws RdmaException {
        if (!local.getAddress().isAnyLocalAddress() && !local.getAddress().equals(address)) {
            throw new NoRdmaDeviceException("no RDMA device of node " + address.getHostAddress() + " serves "
                    + local.getAddress().getHostAddress());
        }
        int port = local.getPort() != 0 ? local.getPort() : ephemeral.getAndIncrement();
        Listener listener = new Listener(new InetSocketAddress(address, port), config, handler);
        if (listeners.putIfAbsent(port, listener) != null) {
            throw new RdmaException("rdma_bind_addr " + address.getHostAddress() + ":" + port
                    + ": address in use (EADDRINUSE)");
        }
        return listener;
    }

    @Override
    public CompletionStage<RdmaEndpoint> connect(InetSocketAddress remote, ByteBuf privateData, QueueConfig config,
            EndpointHandler handler) {
        CompletableFuture<RdmaEndpoint> connected = new CompletableFuture<>();
        byte[] data;
        try {
            data = EmulatedConnectionRequest.copyPrivateData("rdma_connect", privateData,
                    ConnectionRequest.MAX_CONNECT_PRIVATE_DATA);
            checkLimits(config);
        } catch (RdmaException e) {
            connected.completeExceptionally(e);
            return connected;
        }
        InetSocketAddress local = new InetSocketAddress(address, ephemeral.getAndIncrement());
        fabric.connectionManager().execute(() -> deliverRequest(remote, local, data, config, handler, connected));
        return connected;
    }

    /** Fails when {@code config} asks more than the device has, naming the limit, as verbs' EINVAL would. */
    void checkLimits(QueueConfig config) throws RdmaException {
        int maxWr = device.maxQueuePairWorkRequests();
        if (config.sendQueueDepth() > maxWr || config.receiveQueueDepth() > maxWr) {
            throw new RdmaException("ibv_create_qp on " + device.name() + ": queue depth " + config.sendQueueDepth()
                    + "/" + config.receiveQueueDepth() + " exceeds max_qp_wr " + maxWr + " (EINVAL)");
        }
        if (config.rdmaReadDepth() > device.maxRdmaReadsPerQueuePair()) {
            throw new RdmaException("rdma_connect on " + device.name() + ": rdmaReadDepth " + config.rdmaReadDepth()
                    + " exceeds max_qp_rd_atom " + device.maxRdmaReadsPerQueuePair() + " (EINVAL)");
        }
    }

    EmulatedFabric fabric() {
        return fabric;
    }

    /** On the connection-management thread: route the request to the listener, or fail as RDMA CM does. */
    private void deliverRequest(InetSocketAddress remote, InetSocketAddress local, byte[] data, QueueConfig config,
            EndpointHandler handler, CompletableFuture<RdmaEndpoint> connected) {
        EmulatedProvider target = fabric.node(remote.getAddress());
        if (target == null) {
            connected.completeExceptionally(new RdmaException("rdma_resolve_addr " + remote
                    + ": no route to host (RDMA_CM_EVENT_ADDR_ERROR, EHOSTUNREACH)"));
            return;
        }
        Listener listener = target.listeners.get(remote.getPort());
        if (listener == null) {
            connected.completeExceptionally(new ConnectionRejectedException("rdma_connect " + remote
                    + ": rejected, nobody listens (IB CM REJ invalid service ID)", new byte[0]));
            return;
        }
        EmulatedConnectionRequest request = new EmulatedConnectionRequest(target, listener.local, listener.config,
                this, local, data, config, handler, connected);
        request.deliverTo(listener.handler);
    }

    /** A listening identifier on one port of this node. */
    private final class Listener implements RdmaListener {
        final InetSocketAddress local;
        final QueueConfig config;
        final ConnectionRequestHandler handler;

        Listener(InetSocketAddress local, QueueConfig config, ConnectionRequestHandler handler) {
            this.local = local;
            this.config = config;
            this.handler = handler;
        }

        @Override
        public InetSocketAddress localAddress() {
            return local;
        }

        @Override
        public void close() {
            listeners.remove(local.getPort(), this);
        }
    }
}
