package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;

import io.netty.buffer.ByteBuf;
import io.quiver.linux.NativeLibrary;
import io.quiver.rdma.ConnectionRejectedException;
import io.quiver.rdma.ConnectionRequest;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The active side of one connection: {@code rdma_resolve_addr}, then {@code rdma_resolve_route}, then the
 * queue pair and {@code rdma_connect} with the private data, driven by this id's CM events on the CM thread.
 * ESTABLISHED completes the future with the endpoint on the endpoint's completion loop (the thread of all its
 * handler's calls); REJECTED fails it with the reject's
 * private data, any address, route or connect error with an {@link RdmaException}. Not thread-safe beyond
 * that: only the CM thread calls it after {@link #start}.
 */
final class ConnectAttempt implements CmThread.Target {

    private static final int RESOLVE_TIMEOUT_MILLIS = 2000;

    private final VerbsProvider provider;
    private final InetSocketAddress remote;
    private final byte[] privateData;
    private final QueueConfig config;
    private final EndpointHandler handler;
    private final CompletableFuture<RdmaEndpoint> result = new CompletableFuture<>();
    private volatile MemorySegment id;
    private VerbsEndpoint endpoint;
    /** Set by the first failure: the future completes later (on the loop), a later event must not free again. */
    private boolean failed;

    ConnectAttempt(VerbsProvider provider, InetSocketAddress remote, ByteBuf privateData, QueueConfig config,
            EndpointHandler handler) {
        if (privateData.readableBytes() > ConnectionRequest.MAX_CONNECT_PRIVATE_DATA) {
            throw new IllegalArgumentException(privateData.readableBytes() + " bytes of private data, at most "
                    + ConnectionRequest.MAX_CONNECT_PRIVATE_DATA);
        }
        this.provider = provider;
        this.remote = remote;
        this.privateData = new byte[privateData.readableBytes()];
        privateData.getBytes(privateData.readerIndex(), this.privateData);
        this.config = config;
        this.handler = handler;
    }

    /** Creates the id and starts resolving; the rest follows from events. */
    CompletableFuture<RdmaEndpoint> start() {
        try (Arena arena = Arena.ofConfined()) {
            id = provider.cm().createId(this);
            Verbs.check((int) provider.verbs().resolveAddr.invokeExact(NativeLibrary.errnoState(), id,
                    MemorySegment.NULL, Sockaddr.of(remote, arena), RESOLVE_TIMEOUT_MILLIS),
                    "rdma_resolve_addr(" + remote + ")");
        } catch (RdmaException e) {
            fail(e);
        } catch (Throwable t) {
            fail(new RdmaException("connecting to " + remote + " failed", t));
        }
        return result;
    }

    @Override
    public void onCmEvent(int event, int status, MemorySegment cmEvent) {
        try {
            switch (event) {
                case Layouts.EV_ADDR_RESOLVED -> Verbs.check((int) provider.verbs().resolveRoute.invokeExact(
                        NativeLibrary.errnoState(), id, RESOLVE_TIMEOUT_MILLIS), "rdma_resolve_route(" + remote + ")");
                case Layouts.EV_ROUTE_RESOLVED -> connect();
                case Layouts.EV_ESTABLISHED -> {
                    endpoint.acceptPrivateData(ConnParam.privateData(cmEvent));
                    provider.cm().route(id, endpoint);
                    provider.track(endpoint);
                    VerbsEndpoint done = endpoint;
                    endpoint.dev.loop.execute(() -> result.complete(done));
                }
                case Layouts.EV_REJECTED -> fail(new ConnectionRejectedException("connection to " + remote
                        + " rejected (IB CM reason " + status + ")", ConnParam.privateData(cmEvent)));
                default -> fail(new RdmaException("connecting to " + remote + ": RDMA CM event " + event
                        + " (" + name(event) + "), status " + status));
            }
        } catch (RdmaException e) {
            fail(e);
        } catch (Throwable t) {
            fail(new RdmaException("connecting to " + remote + " failed", t));
        }
    }

    private void connect() throws Throwable {
        endpoint = new VerbsEndpoint(provider, provider.context(id), id, config, handler);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment param = ConnParam.of(arena, io.netty.buffer.Unpooled.wrappedBuffer(privateData),
                    config.rdmaReadDepth(), config.rdmaReadDepth());
            Verbs.check((int) provider.verbs().connect.invokeExact(NativeLibrary.errnoState(), id, param),
                    "rdma_connect(" + remote + ")");
        }
    }

    private void fail(RdmaException e) {
        if (failed || result.isDone()) {
            return;
        }
        failed = true;
        if (endpoint != null) {
            // on the endpoint's loop (destroys the id too, waiting there for this event's acknowledgement); the
            // caller learns of the failure once the queue pair is gone
            VerbsEndpoint failed = endpoint;
            endpoint = null;
            failed.discard(() -> result.completeExceptionally(e));
            return;
        }
        if (id != null) {
            provider.cm().destroyId(id);
        }
        result.completeExceptionally(e);
    }

    private static String name(int event) {
        return switch (event) {
            case Layouts.EV_ADDR_ERROR -> "ADDR_ERROR: no RDMA device reaches that address";
            case Layouts.EV_ROUTE_ERROR -> "ROUTE_ERROR";
            case Layouts.EV_CONNECT_ERROR -> "CONNECT_ERROR";
            case Layouts.EV_UNREACHABLE -> "UNREACHABLE: no answer from the peer's CM";
            case Layouts.EV_DEVICE_REMOVAL -> "DEVICE_REMOVAL";
            default -> "unexpected";
        };
    }
}
