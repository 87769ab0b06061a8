package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.linux.NativeLibrary;
import io.quiver.rdma.ConnectionRequest;
import io.quiver.rdma.ConnectionRequestHandler;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaDevice;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CONNECT_REQUEST event as a {@link ConnectionRequest}: the new id librdmacm made for it, the initiator's
 * private data (copied before the event is acknowledged) and its read depths. Used on the CM thread only,
 * during the handler's call; a request the handler leaves unanswered is rejected without private data.
 */
final class VerbsConnectionRequest implements ConnectionRequest {

    private static final Logger LOG = LoggerFactory.getLogger(VerbsConnectionRequest.class);

    private final VerbsProvider provider;
    private final MemorySegment id;
    private final QueueConfig config;
    private final byte[] privateData;
    private final int initiatorDepth;
    private final int responderResources;
    private DeviceContext dev;
    private boolean answered;

    VerbsConnectionRequest(VerbsProvider provider, MemorySegment event, QueueConfig config) {
        this.provider = provider;
        this.id = event.get(ADDRESS, Layouts.CM_EVENT_ID);
        this.config = config;
        this.privateData = ConnParam.privateData(event);
        // The CM reports a REQ's depths from this (passive) side's point of view, swapped as IB CM's
        // cm_format_req_event does: the event's responder_resources is the initiator's initiator_depth (READs it
        // issues against us), its initiator_depth the initiator's responder_resources (READs it accepts from us).
        // Read unswapped, Linux's ib_srp (responder_resources 4, initiator_depth 0) left our QP without RDMA READs.
        this.initiatorDepth = ConnParam.field(event, Layouts.CONN_RESPONDER_RESOURCES);
        this.responderResources = ConnParam.field(event, Layouts.CONN_INITIATOR_DEPTH);
    }

    /** Gives the request to {@code handler}; rejects it if the handler neither accepts nor rejects. */
    void offer(ConnectionRequestHandler handler) {
        try {
            dev = provider.context(id);
            handler.onConnectionRequest(this);
        } catch (RdmaException | RuntimeException e) {
            LOG.error("RDMA connection request from {} failed", remoteAddress(), e);
        } finally {
            if (!answered) {
                reject(Unpooled.EMPTY_BUFFER);
            }
        }
    }

    @Override
    public ByteBuf privateData() {
        return Unpooled.wrappedBuffer(privateData).asReadOnly();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return provider.cm().peerAddress(id);
    }

    @Override
    public InetSocketAddress localAddress() {
        return provider.cm().localAddress(id);
    }

    @Override
    public RdmaDevice device() {
        return dev.device;
    }

    @Override
    public int initiatorDepth() {
        return initiatorDepth;
    }

    @Override
    public int responderResources() {
        return responderResources;
    }

    @Override
    public RdmaEndpoint accept(ByteBuf acceptData, EndpointHandler handler) throws RdmaException {
        answer(acceptData, MAX_ACCEPT_PRIVATE_DATA);
        VerbsEndpoint endpoint;
        try {
            endpoint = new VerbsEndpoint(provider, dev, id, config, handler);
        } catch (RdmaException | RuntimeException e) {
            rejectRaw(Unpooled.EMPTY_BUFFER);
            throw e;
        }
        provider.cm().route(id, endpoint);
        try (Arena arena = Arena.ofConfined()) {
            // we answer the initiator's depths with what this side allows, never more than it asked
            MemorySegment param = ConnParam.of(arena, acceptData, Math.min(config.rdmaReadDepth(), initiatorDepth),
                    Math.min(config.rdmaReadDepth(), responderResources));
            Verbs.check((int) provider.verbs().accept.invokeExact(NativeLibrary.errnoState(), id, param),
                    "rdma_accept(" + remoteAddress() + ")");
        } catch (RdmaException e) {
            endpoint.discard(() -> { });
            throw e;
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
        provider.track(endpoint);
        return endpoint;
    }

    @Override
    public void reject(ByteBuf rejectData) {
        answer(rejectData, MAX_REJECT_PRIVATE_DATA);
        rejectRaw(rejectData);
    }

    private void answer(ByteBuf data, int max) {
        if (answered) {
            throw new IllegalStateException("connection request from " + remoteAddress() + " already answered");
        }
        if (data.readableBytes() > max) {
            throw new IllegalArgumentException(data.readableBytes() + " bytes of private data, at most " + max);
        }
        answered = true;
    }

    private void rejectRaw(ByteBuf data) {
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) provider.verbs().reject.invokeExact(NativeLibrary.errnoState(), id,
                    ConnParam.copy(arena, data), (byte) data.readableBytes());
            if (rc != 0) {
                LOG.warn("rdma_reject to {} failed: errno {}", remoteAddress(), NativeLibrary.lastErrno());
            }
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
        provider.cm().destroyId(id);
    }
}
