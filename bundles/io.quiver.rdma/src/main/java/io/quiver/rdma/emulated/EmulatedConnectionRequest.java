package io.quiver.rdma.emulated;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.rdma.ConnectionRejectedException;
import io.quiver.rdma.ConnectionRequest;
import io.quiver.rdma.ConnectionRequestHandler;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaDevice;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One connect request as a listener's handler sees it, on the fabric's connection-management thread. Exactly
 * one answer is allowed, before the handler returns; a second or a late one is an
 * {@link IllegalStateException}. An accept creates both queue
 * pairs, connected to each other; the initiator's connect completes and the passive side's
 * {@link EndpointHandler#onEstablished} follows (RTU) once the handler has returned. A request the handler
 * leaves unanswered, or answers by throwing, is rejected without private data.
 */
final class EmulatedConnectionRequest implements ConnectionRequest {
    private final EmulatedProvider passive;
    private final InetSocketAddress passiveAddress;
    private final QueueConfig passiveConfig;
    private final EmulatedProvider active;
    private final InetSocketAddress activeAddress;
    private final byte[] data;
    private final QueueConfig activeConfig;
    private final EndpointHandler activeHandler;
    private final CompletableFuture<RdmaEndpoint> connected;
    private boolean answered;
    private boolean expired;
    private String rejection;
    private byte[] rejectData = new byte[0];
    private EmulatedEndpoint acceptedPassive;
    private EmulatedEndpoint acceptedActive;

    EmulatedConnectionRequest(EmulatedProvider passive, InetSocketAddress passiveAddress, QueueConfig passiveConfig,
            EmulatedProvider active, InetSocketAddress activeAddress, byte[] data, QueueConfig activeConfig,
            EndpointHandler activeHandler, CompletableFuture<RdmaEndpoint> connected) {
        this.passive = passive;
        this.passiveAddress = passiveAddress;
        this.passiveConfig = passiveConfig;
        this.active = active;
        this.activeAddress = activeAddress;
        this.data = data;
        this.activeConfig = activeConfig;
        this.activeHandler = activeHandler;
        this.connected = connected;
    }

    /** Calls {@code handler}, then answers the initiator (REP and RTU, or REJ). On the CM thread. */
    void deliverTo(ConnectionRequestHandler handler) {
        try {
            handler.onConnectionRequest(this);
        } catch (RuntimeException | Error e) {
            passive.fabric().recordFailure(e);
        }
        synchronized (this) {
            expired = true;
        }
        if (acceptedActive != null) {
            connected.complete(acceptedActive);
            acceptedPassive.established();
        } else {
            connected.completeExceptionally(new ConnectionRejectedException("rdma_connect " + passiveAddress + ": "
                    + (rejection != null ? rejection : "the target neither accepted nor rejected the request"),
                    rejectData));
        }
    }

    @Override
    public ByteBuf privateData() {
        return Unpooled.wrappedBuffer(data).asReadOnly();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return activeAddress;
    }

    @Override
    public InetSocketAddress localAddress() {
        return passiveAddress;
    }

    @Override
    public RdmaDevice device() {
        return passive.devices().get(0);
    }

    @Override
    public int initiatorDepth() {
        return activeConfig.rdmaReadDepth();
    }

    @Override
    public int responderResources() {
        return activeConfig.rdmaReadDepth();
    }

    @Override
    public RdmaEndpoint accept(ByteBuf privateData, EndpointHandler handler) throws RdmaException {
        answer();
        byte[] reply;
        try {
            reply = copyPrivateData("rdma_accept", privateData, MAX_ACCEPT_PRIVATE_DATA);
            passive.checkLimits(passiveConfig);
        } catch (RdmaException e) {
            rejection = "the target's accept failed: " + e.getMessage();
            throw e;
        }
        acceptedPassive = new EmulatedEndpoint(passive, passiveConfig, passiveAddress, activeAddress, handler, null);
        acceptedActive = new EmulatedEndpoint(active, activeConfig, activeAddress, passiveAddress, activeHandler,
                reply);
        EmulatedEndpoint.connect(acceptedPassive, acceptedActive);
        return acceptedPassive;
    }

    @Override
    public void reject(ByteBuf privateData) {
        answer();
        byte[] reply;
        try {
            reply = copyPrivateData("rdma_reject", privateData, MAX_REJECT_PRIVATE_DATA);
        } catch (RdmaException e) {
            rejection = "rejected (the target's reject failed: " + e.getMessage() + ")";
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        rejection = "rejected by the target";
        rejectData = reply;
    }

    /**
     * The CM message's private-data field: {@code data}'s readable bytes zero-padded to {@code limit}; more than {@code limit}
     * (the IB CM's room) is EINVAL, as librdmacm says. The caller keeps the buffer.
     */
    static byte[] copyPrivateData(String operation, ByteBuf data, int limit) throws RdmaException {
        byte[] padded = new byte[limit];
        if (data == null) {
            return padded;
        }
        if (data.readableBytes() > limit) {
            throw new RdmaException(operation + ": " + data.readableBytes() + " bytes of private data exceed the "
                    + limit + " the IB CM carries (EINVAL)");
        }
        // The IB CM's messages have fixed private-data fields and no length: the peer gets the field, zero-padded.
        data.getBytes(data.readerIndex(), padded, 0, data.readableBytes());
        return padded;
    }

    private synchronized void answer() {
        if (expired) {
            throw new IllegalStateException("connection request from " + activeAddress
                    + " is valid only during onConnectionRequest");
        }
        if (answered) {
            throw new IllegalStateException("connection request from " + activeAddress + " already answered");
        }
        answered = true;
    }
}
