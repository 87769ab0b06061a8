package io.quiver.rdma;

import io.netty.buffer.ByteBuf;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives what happens on one {@link RdmaEndpoint}. All calls for one endpoint come from one provider
 * thread, in completion order, never from a Netty event loop; a handler hands long work to its own executor
 * and must not block here, since it holds up the endpoint's completions (and, on a shared completion thread,
 * other endpoints').
 */
@ConsumerType
public interface EndpointHandler {

    /** The initiator confirmed the connection (RTU); passive side only. */
    default void onEstablished(RdmaEndpoint endpoint) {
    }

    /**
     * A message arrived. The handler owns {@code message} and must release it exactly once: releasing gives
     * the receive buffer back to the receive queue, so a handler that holds messages starves the peer, which
     * then sees receiver-not-ready. Retained slices of it (immediate data handed on without a copy) may outlive
     * this call; the buffer goes back to the queue when the last of them is released.
     */
    void onReceive(RdmaEndpoint endpoint, ByteBuf message);

    /**
     * A work request completed: every signaled one, every RDMA READ, and every one that failed.
     *
     * @param workRequestId the id given when it was posted (0 for a failed receive)
     */
    void onCompletion(RdmaEndpoint endpoint, long workRequestId, WorkRequestType type, CompletionStatus status);

    /**
     * The connection ended (the peer's DREQ, {@link RdmaEndpoint#disconnect()}, or a fatal error), after every
     * flushed completion was reported. Called once.
     */
    void onDisconnected(RdmaEndpoint endpoint);
}
