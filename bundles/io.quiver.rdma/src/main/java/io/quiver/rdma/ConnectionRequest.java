package io.quiver.rdma;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One connection request an RDMA CM listener received: who asks, through which device, with what private
 * data and how many RDMA READs the initiator wants outstanding. Valid only during
 * {@link ConnectionRequestHandler#onConnectionRequest}; exactly one of {@link #accept} and {@link #reject}
 * may be called, once.
 *
 * <p>The private-data limits are those of the InfiniBand CM, which RoCE uses too and which are the smallest
 * of the RDMA transports (RDMA CM's own header takes 36 of the REQ's 92 bytes).
 */
@ProviderType
public interface ConnectionRequest {

    /** The most private data a connect request carries through RDMA CM over IB CM or RoCE. */
    int MAX_CONNECT_PRIVATE_DATA = 56;

    /** The most private data an accept (IB CM REP) carries. */
    int MAX_ACCEPT_PRIVATE_DATA = 196;

    /** The most private data a reject (IB CM REJ) carries. */
    int MAX_REJECT_PRIVATE_DATA = 148;

    /**
     * The initiator's private data, read-only, valid until the handler returns. Over IB CM and RoCE it arrives
     * zero-padded to {@link #MAX_CONNECT_PRIVATE_DATA} bytes (the CM carries no length).
     */
    ByteBuf privateData();

    /** The initiator's address. */
    InetSocketAddress remoteAddress();

    /** The address the request arrived on. */
    InetSocketAddress localAddress();

    /** The device the request arrived through. */
    RdmaDevice device();

    /** RDMA READs the initiator will issue against us at once ({@code initiator_depth}); 0 when none. */
    int initiatorDepth();

    /** RDMA READs the initiator accepts from us at once ({@code responder_resources}). */
    int responderResources();

    /**
     * Creates the queue pair with the listener's {@link QueueConfig}, posts its receive ring and accepts.
     * The endpoint may post work requests at once; {@link EndpointHandler#onEstablished} follows when the
     * initiator confirms (RTU).
     *
     * @param privateData at most {@link #MAX_ACCEPT_PRIVATE_DATA} readable bytes; copied, not taken over
     * @param handler receives the endpoint's messages and completions
     * @throws RdmaException when the queue pair cannot be created (device limits, memory) or the accept fails;
     *         the request is then rejected without private data
     */
    RdmaEndpoint accept(ByteBuf privateData, EndpointHandler handler) throws RdmaException;

    /**
     * Rejects the request (IB CM reason "consumer defined").
     *
     * @param privateData at most {@link #MAX_REJECT_PRIVATE_DATA} readable bytes; copied, not taken over
     * @throws IllegalArgumentException when longer; the request is then rejected without private data
     */
    void reject(ByteBuf privateData);
}
