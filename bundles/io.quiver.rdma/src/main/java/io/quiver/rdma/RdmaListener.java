package io.quiver.rdma;

import java.net.InetSocketAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A listening RDMA CM identifier. Closing it stops new connection requests; endpoints already accepted stay
 * connected (a driver that is disabled disconnects them itself). Thread-safe; {@link #close()} is idempotent.
 */
@ProviderType
public interface RdmaListener extends AutoCloseable {

    /** The bound address, with the port chosen when 0 was asked for. */
    InetSocketAddress localAddress();

    /** Stops listening. */
    @Override
    void close();
}
