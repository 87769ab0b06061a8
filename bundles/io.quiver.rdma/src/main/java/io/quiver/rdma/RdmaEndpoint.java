package io.quiver.rdma;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One connected reliable-connected queue pair. Work requests complete in the order they were posted; a
 * completion is reported to the {@link EndpointHandler} for every signaled request and for every request that
 * fails, signaled or not (as verbs reports errors). After an error the queue pair is in the error state: every
 * request still queued completes with {@link CompletionStatus#WORK_REQUEST_FLUSH_ERROR} and later posts fail.
 *
 * <p>Posting is thread-safe and never blocks; a full send queue is a {@link QueueFullException} (drivers
 * bound what they post by their own credits). Ownership: {@link #send} and {@link #rdmaWrite} take over the
 * buffer and release it once the request completes or fails; {@link #rdmaRead} leaves the buffer with the
 * caller, who must neither touch nor release it before the request's completion. Slices of
 * {@link #allocator()} buffers are valid sources and targets. An unsignaled request may hold its send-queue slot
 * until a later request's completion is reported, as hardware frees slots only at reported completions: a driver
 * signals at least one request in every {@link QueueConfig#sendQueueDepth}. When the queue pair goes into error or
 * disconnects, each posted receive buffer is reported as a {@link WorkRequestType#RECEIVE} completion with
 * {@link CompletionStatus#WORK_REQUEST_FLUSH_ERROR} (work request id 0).
 */
@ProviderType
public interface RdmaEndpoint extends AutoCloseable {

    /** The peer's address. */
    InetSocketAddress remoteAddress();

    /** This side's address. */
    InetSocketAddress localAddress();

    /**
     * The private data the passive side accepted with, as this active side received it (SRP's LOGIN_RSP, iSER's
     * hello reply): a copy, empty on the passive side. Over IB CM and RoCE it arrives zero-padded to
     * {@link ConnectionRequest#MAX_ACCEPT_PRIVATE_DATA} bytes, since the CM carries no length: the consumer's own
     * format must say where its data ends.
     */
    byte[] acceptPrivateData();

    /** The device the queue pair lives on. */
    RdmaDevice device();

    /** The endpoint's queues. */
    QueueConfig config();

    /**
     * Allocates buffers in memory registered with this endpoint's protection domain: SENDs, RDMA WRITE
     * sources and RDMA READ targets from it go to the adapter without a copy. Pooled, direct; thread-safe.
     */
    ByteBufAllocator allocator();

    /**
     * SENDs {@code message}'s readable bytes (at most the peer's receive buffer size) to the peer.
     *
     * @param signaled whether a successful completion is reported
     * @throws QueueFullException when the send queue holds {@link QueueConfig#sendQueueDepth} requests
     * @throws RdmaException when the endpoint is disconnected or in error; the buffer is released either way
     */
    void send(ByteBuf message, long workRequestId, boolean signaled) throws RdmaException;

    /**
     * RDMA WRITEs {@code source}'s readable bytes to the peer's memory at {@code remoteAddress} under
     * {@code rkey}.
     *
     * @throws QueueFullException when the send queue is full
     * @throws RdmaException when the endpoint is disconnected or in error; the buffer is released either way
     */
    void rdmaWrite(ByteBuf source, long remoteAddress, int rkey, long workRequestId, boolean signaled)
            throws RdmaException;

    /**
     * RDMA READs {@code length} bytes of the peer's memory at {@code remoteAddress} under {@code rkey} into
     * {@code target}'s writable bytes; its writer index advances by {@code length} before the completion is
     * reported. Always signaled. At most {@link QueueConfig#rdmaReadDepth} reads are in flight at once; the
     * provider queues further ones in order.
     *
     * @throws QueueFullException when the send queue is full
     * @throws RdmaException when the endpoint is disconnected or in error
     */
    void rdmaRead(ByteBuf target, int length, long remoteAddress, int rkey, long workRequestId)
            throws RdmaException;

    /**
     * Registers {@code buffer}'s readable bytes for the peer's RDMA READ or WRITE (the initiator side's
     * data buffers). The region does not retain the buffer.
     *
     * @throws RdmaException when the adapter refuses the registration
     */
    MemoryRegion register(ByteBuf buffer, Set<Access> access) throws RdmaException;

    /**
     * Disconnects (RDMA CM DREQ): queued requests are flushed, then {@link EndpointHandler#onDisconnected} is
     * called once. Idempotent.
     */
    void disconnect();

    /** Disconnects if still connected, waits for the flush and frees the queue pair and its buffers. */
    @Override
    void close();
}
