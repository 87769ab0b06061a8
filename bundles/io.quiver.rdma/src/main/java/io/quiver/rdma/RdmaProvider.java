package io.quiver.rdma;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An RDMA fabric as RDMA CM presents it: devices, listeners on IP addresses and ports, and active
 * connections. Registered as an OSGi service by the verbs provider (property {@code rdma.provider=verbs});
 * the emulated fabric makes providers of its own for tests. Thread-safe.
 */
@ProviderType
public interface RdmaProvider {

    /** Service property naming the provider: {@code verbs} or {@code emulated}. */
    String PROVIDER_PROPERTY = "rdma.provider";

    /** The provider's name, the value of {@link #PROVIDER_PROPERTY}. */
    String name();

    /**
     * The RDMA devices present now, in the system's order.
     *
     * @throws RdmaException when the provider cannot be used at all (its libraries are missing)
     */
    List<RdmaDevice> devices() throws RdmaException;

    /**
     * Listens for connection requests on {@code address} (port 0 picks one; the wildcard address listens on
     * every RDMA device). Each request goes to {@code handler} on the provider's connection-management thread.
     *
     * @param config the queues every accepted endpoint gets
     * @throws NoRdmaDeviceException when no RDMA device can serve the address
     * @throws RdmaException when the address is in use or cannot be bound
     */
    RdmaListener listen(InetSocketAddress address, QueueConfig config, ConnectionRequestHandler handler)
            throws RdmaException;

    /**
     * Connects to a listener (the active side, used by initiators and tests): resolves the address and route,
     * creates the queue pair and sends {@code privateData} with the request; the provider copies it and does not
     * take ownership. Completes with the established endpoint, or exceptionally with
     * {@link ConnectionRejectedException} (carrying the reject's private data) or another {@link RdmaException}.
     *
     * @param privateData at most {@link ConnectionRequest#MAX_CONNECT_PRIVATE_DATA} readable bytes
     */
    CompletionStage<RdmaEndpoint> connect(InetSocketAddress remote, ByteBuf privateData, QueueConfig config,
            EndpointHandler handler);
}
