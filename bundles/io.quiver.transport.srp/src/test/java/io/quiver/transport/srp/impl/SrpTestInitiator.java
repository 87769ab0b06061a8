package io.quiver.transport.srp.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.rdma.Access;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.ConnectionRejectedException;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.MemoryRegion;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaProvider;
import io.quiver.rdma.WorkRequestType;
import io.quiver.transport.srp.iu.CreditRequest;
import io.quiver.transport.srp.iu.CreditResponse;
import io.quiver.transport.srp.iu.LoginReject;
import io.quiver.transport.srp.iu.LoginRequest;
import io.quiver.transport.srp.iu.LoginResponse;
import io.quiver.transport.srp.iu.ResponseIu;
import io.quiver.transport.srp.iu.SrpIu;
import io.quiver.transport.srp.iu.SrpIuDecoder;
import io.quiver.transport.srp.iu.TargetLogout;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A Java SRP initiator on the emulated fabric that behaves like Linux's ib_srp: logs in through RDMA CM with the
 * 56-byte private data, spends one credit per request and waits when it has none, adds every response's
 * REQUEST LIMIT DELTA, answers SRP_CRED_REQ with SRP_CRED_RSP, and registers its data buffers for the target's
 * RDMA READs and WRITEs. Thread-safe.
 */
final class SrpTestInitiator implements EndpointHandler, AutoCloseable {

    static final QueueConfig QUEUES = new QueueConfig(1024, 130, 256, 0, 16);

    final LoginResponse login;
    final RdmaEndpoint endpoint;
    final Semaphore credits = new Semaphore(0);
    final Map<Long, CompletableFuture<ResponseIu>> pending = new ConcurrentHashMap<>();
    final List<SrpIu> targetRequests = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> disconnected = new CompletableFuture<>();

    private SrpTestInitiator(RdmaEndpoint endpoint, LoginResponse login) {
        this.endpoint = endpoint;
        this.login = login;
    }

    /**
     * Logs in; a refused login comes back as the decoded SRP_LOGIN_REJ inside a {@link LoginRejected}.
     */
    static SrpTestInitiator connect(RdmaProvider provider, InetSocketAddress target, LoginRequest request)
            throws Exception {
        ByteBuf privateData = Unpooled.buffer(56);
        request.encodeRdmaCm(privateData);
        Holder holder = new Holder();
        try {
            RdmaEndpoint ep = provider.connect(target, privateData, QUEUES, holder).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            // the SPI has no accessor for the accept's private data: the emulated endpoint's is used
            LoginResponse rsp = LoginResponse.decode(Unpooled.wrappedBuffer(ep.acceptPrivateData()));
            SrpTestInitiator initiator = new SrpTestInitiator(ep, rsp);
            holder.initiator.complete(initiator);
            initiator.credits.release(rsp.requestLimitDelta());
            return initiator;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ConnectionRejectedException rej) {
                throw new LoginRejected(LoginReject.decode(Unpooled.wrappedBuffer(rej.privateData())));
            }
            throw e;
        } finally {
            privateData.release();
        }
    }

    /** The SRP_LOGIN_REJ the target answered with. */
    static final class LoginRejected extends Exception {
        private static final long serialVersionUID = 1L;
        final transient LoginReject reject;

        LoginRejected(LoginReject reject) {
            super(reject.reason().toString());
            this.reject = reject;
        }
    }

    /** Sends a request IU (SRP_CMD or SRP_TSK_MGMT), waiting for a credit first; completes with its SRP_RSP. */
    CompletableFuture<ResponseIu> request(SrpIu iu) throws Exception {
        if (!credits.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no credit came back");
        }
        CompletableFuture<ResponseIu> rsp = new CompletableFuture<>();
        pending.put(iu.tag(), rsp);
        sendRaw(iu);
        return rsp;
    }

    /** Sends any IU without credit accounting (malformed ones included). */
    void sendRaw(SrpIu iu) throws Exception {
        ByteBuf out = endpoint.allocator().directBuffer();
        iu.encode(out);
        endpoint.send(out, 0, false);
    }

    /** Sends raw bytes as one IU. */
    void sendBytes(ByteBuf bytes) throws Exception {
        ByteBuf out = endpoint.allocator().directBuffer(bytes.readableBytes()).writeBytes(bytes);
        endpoint.send(out, 0, false);
    }

    /** Registers {@code buffer}'s readable bytes for the target's RDMA READs and WRITEs. */
    MemoryRegion register(ByteBuf buffer) throws Exception {
        return endpoint.register(buffer, EnumSet.of(Access.LOCAL_WRITE, Access.REMOTE_WRITE, Access.REMOTE_READ));
    }

    @Override
    public void onReceive(RdmaEndpoint ep, ByteBuf message) {
        try {
            SrpIu iu = SrpIuDecoder.decodeAtInitiator(message);
            switch (iu) {
                case ResponseIu rsp -> {
                    credits.release(rsp.requestLimitDelta());
                    // sense and response data are slices of the receive buffer: copy before it goes back
                    ResponseIu copy = new ResponseIu(rsp.solicitedNotification(), rsp.requestLimitDelta(), rsp.tag(),
                            rsp.flags(), rsp.status(), rsp.dataOutResidual(), rsp.dataInResidual(),
                            Unpooled.copiedBuffer(rsp.responseData()), Unpooled.copiedBuffer(rsp.sense()));
                    CompletableFuture<ResponseIu> f = pending.remove(rsp.tag());
                    if (f != null) {
                        f.complete(copy);
                    }
                }
                case CreditRequest cred -> {
                    targetRequests.add(cred);
                    credits.release(cred.requestLimitDelta());
                    sendRaw(new CreditResponse(cred.tag()));
                }
                case TargetLogout logout -> targetRequests.add(logout);
                default -> targetRequests.add(iu);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            message.release();
        }
    }

    @Override
    public void onCompletion(RdmaEndpoint ep, long workRequestId, WorkRequestType type, CompletionStatus status) {
    }

    @Override
    public void onDisconnected(RdmaEndpoint ep) {
        disconnected.complete(null);
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("disconnected")));
    }

    @Override
    public void close() {
        endpoint.close();
    }

    /** Forwards the endpoint's events to the initiator once it exists (messages can come before connect returns). */
    private static final class Holder implements EndpointHandler {
        final CompletableFuture<SrpTestInitiator> initiator = new CompletableFuture<>();

        private SrpTestInitiator get() {
            return initiator.join();
        }

        @Override
        public void onReceive(RdmaEndpoint ep, ByteBuf message) {
            get().onReceive(ep, message);
        }

        @Override
        public void onCompletion(RdmaEndpoint ep, long id, WorkRequestType type, CompletionStatus status) {
        }

        @Override
        public void onDisconnected(RdmaEndpoint ep) {
            if (initiator.isDone()) {
                get().onDisconnected(ep);
            }
        }
    }
}
