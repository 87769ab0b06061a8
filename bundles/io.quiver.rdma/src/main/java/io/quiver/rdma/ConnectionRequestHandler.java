package io.quiver.rdma;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the connection requests of one {@link RdmaListener}. Called on the provider's
 * connection-management thread, one request at a time; the handler accepts or rejects each request before it
 * returns (a request neither accepted nor rejected is rejected by the provider with no private data), and
 * must not block for long: every other request of the provider waits meanwhile.
 */
@ConsumerType
@FunctionalInterface
public interface ConnectionRequestHandler {

    /** A new request; call {@link ConnectionRequest#accept} or {@link ConnectionRequest#reject}. */
    void onConnectionRequest(ConnectionRequest request);
}
