package io.quiver.rdma.emulated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.rdma.ConnectionRejectedException;
import io.quiver.rdma.ConnectionRequest;
import io.quiver.rdma.ConnectionRequestHandler;
import io.quiver.rdma.NoRdmaDeviceException;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaDevice;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.RdmaListener;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** RDMA CM as the emulation models it: requests, private data and its IB CM limits, rejects, failures. */
class ConnectionManagementTest extends EmulatedFabricSupport {

    private RdmaListener listen(ConnectionRequestHandler handler) throws RdmaException {
        return target.listen(new InetSocketAddress(target.address(), 3260), CONFIG, handler);
    }

    private Throwable connectFailure(InetSocketAddress remote, ByteBuf data) {
        CompletionException e = assertThrows(CompletionException.class, () -> initiator.connect(remote, data,
                CONFIG, initiatorHandler).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join());
        return e.getCause();
    }

    @Test
    void acceptCarriesPrivateDataBothWaysAndTheRequestDescribesTheInitiator() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        RdmaListener listener = listen(request -> {
            // Zero-padded to the IB CM's 56 bytes, as a real CM delivers it.
            seen.set(request.privateData().readableBytes() + " " + request.privateData().toString(
                    java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "") + " from "
                    + request.remoteAddress().getAddress().getHostAddress() + " on " + request.device().name()
                    + " depth " + request.initiatorDepth());
            try {
                request.accept(ascii("LOGIN_RSP"), targetHandler);
            } catch (RdmaException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(3260, listener.localAddress().getPort());
        RdmaEndpoint endpoint = initiator.connect(listener.localAddress(), ascii("LOGIN_REQ"), CONFIG,
                initiatorHandler).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("56 LOGIN_REQ from 192.0.2.2 on mlx5_0 depth 2", seen.get());
        byte[] accepted = endpoint.acceptPrivateData();
        assertEquals(ConnectionRequest.MAX_ACCEPT_PRIVATE_DATA, accepted.length);
        assertEquals("LOGIN_RSP", new String(accepted, 0, 9, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0, accepted[9]);
        assertEquals("established", targetHandler.next().kind());
        assertEquals(listener.localAddress(), endpoint.remoteAddress());
        assertEquals("emulated", initiator.name());
    }

    @Test
    void rejectCarriesItsPrivateData() throws Exception {
        listen(request -> request.reject(ascii("LOGIN_REJ")));
        Throwable failure = connectFailure(new InetSocketAddress(target.address(), 3260), ascii("LOGIN_REQ"));
        ConnectionRejectedException rejected = assertInstanceOf(ConnectionRejectedException.class, failure);
        byte[] expected = java.util.Arrays.copyOf("LOGIN_REJ".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                ConnectionRequest.MAX_REJECT_PRIVATE_DATA);
        assertArrayEquals(expected, rejected.privateData());
    }

    @Test
    void aRequestLeftUnansweredOrAnsweredByThrowingIsRejected() throws Exception {
        listen(request -> { });
        assertInstanceOf(ConnectionRejectedException.class,
                connectFailure(new InetSocketAddress(target.address(), 3260), Unpooled.EMPTY_BUFFER));
    }

    @Test
    void nobodyListeningIsARejectAndAnUnknownAddressIsUnreachable() {
        Throwable noListener = connectFailure(new InetSocketAddress(target.address(), 3260), Unpooled.EMPTY_BUFFER);
        assertEquals(0, assertInstanceOf(ConnectionRejectedException.class, noListener).privateData().length);
        Throwable unreachable = connectFailure(new InetSocketAddress(ip("192.0.2.99"), 3260), Unpooled.EMPTY_BUFFER);
        assertInstanceOf(RdmaException.class, unreachable);
        assertFalse(unreachable instanceof ConnectionRejectedException, unreachable.toString());
    }

    @Test
    void connectPrivateDataBeyond56BytesIsEinval() throws Exception {
        listen(request -> request.reject(Unpooled.EMPTY_BUFFER));
        InetSocketAddress address = new InetSocketAddress(target.address(), 3260);
        Throwable tooLong = connectFailure(address, Unpooled.wrappedBuffer(new byte[57]));
        assertTrue(tooLong.getMessage().contains("EINVAL"), tooLong.getMessage());
        assertInstanceOf(ConnectionRejectedException.class, connectFailure(address, Unpooled.wrappedBuffer(new byte[56])));
    }

    @Test
    void acceptPrivateDataBeyond196BytesFailsTheAcceptAndRejectsTheInitiator() throws Exception {
        AtomicReference<Throwable> acceptFailure = new AtomicReference<>();
        listen(request -> acceptFailure.set(assertThrows(RdmaException.class,
                () -> request.accept(Unpooled.wrappedBuffer(new byte[ConnectionRequest.MAX_ACCEPT_PRIVATE_DATA + 1]),
                        targetHandler))));
        assertInstanceOf(ConnectionRejectedException.class,
                connectFailure(new InetSocketAddress(target.address(), 3260), Unpooled.EMPTY_BUFFER));
        assertTrue(acceptFailure.get().getMessage().contains("196"), acceptFailure.get().getMessage());
    }

    @Test
    void rejectPrivateDataBeyond148BytesIsRefusedAndTheInitiatorStillRejected() throws Exception {
        AtomicReference<Throwable> rejectFailure = new AtomicReference<>();
        listen(request -> rejectFailure.set(assertThrows(IllegalArgumentException.class,
                () -> request.reject(Unpooled.wrappedBuffer(new byte[ConnectionRequest.MAX_REJECT_PRIVATE_DATA + 1])))));
        Throwable failure = connectFailure(new InetSocketAddress(target.address(), 3260), Unpooled.EMPTY_BUFFER);
        assertEquals(0, assertInstanceOf(ConnectionRejectedException.class, failure).privateData().length);
        assertTrue(rejectFailure.get().getMessage().contains("148"));
    }

    @Test
    void listenersAreBoundToTheNodesAddressOnce() throws Exception {
        RdmaListener listener = listen(request -> { });
        assertThrows(RdmaException.class, () -> listen(request -> { }));
        assertThrows(NoRdmaDeviceException.class,
                () -> target.listen(new InetSocketAddress(initiator.address(), 3260), CONFIG, request -> { }));
        listener.close();
        listen(request -> { }).close();
        assertInstanceOf(ConnectionRejectedException.class,
                connectFailure(new InetSocketAddress(target.address(), 3260), Unpooled.EMPTY_BUFFER));
    }

    @Test
    void queuesBeyondTheDeviceLimitsFailNamingTheLimit() throws Exception {
        EmulatedProvider small = fabric.addNode(ip("192.0.2.3"), new RdmaDevice("rxe0", 1, 64, 1, 4));
        listen(request -> request.reject(Unpooled.EMPTY_BUFFER));
        QueueConfig deep = new QueueConfig(65, 4, 256, 0, 2);
        CompletionException e = assertThrows(CompletionException.class, () -> small.connect(
                new InetSocketAddress(target.address(), 3260), Unpooled.EMPTY_BUFFER, deep, initiatorHandler)
                .toCompletableFuture().join());
        assertTrue(e.getCause().getMessage().contains("max_qp_wr 64"), e.getCause().getMessage());
        QueueConfig manyReads = new QueueConfig(8, 4, 256, 0, 5);
        e = assertThrows(CompletionException.class, () -> small.connect(new InetSocketAddress(target.address(), 3260),
                Unpooled.EMPTY_BUFFER, manyReads, initiatorHandler).toCompletableFuture().join());
        assertTrue(e.getCause().getMessage().contains("max_qp_rd_atom 4"), e.getCause().getMessage());
    }

    @Test
    void theTargetMayPostAtOnceAfterAcceptButNotAnswerLate() throws Exception {
        AtomicReference<ConnectionRequest> kept = new AtomicReference<>();
        RdmaListener listener = listen(request -> {
            kept.set(request);
            try {
                RdmaEndpoint endpoint = request.accept(Unpooled.EMPTY_BUFFER, targetHandler);
                endpoint.send(ascii(endpoint, "hello"), 1, true);
            } catch (RdmaException e) {
                throw new IllegalStateException(e);
            }
        });
        initiator.connect(listener.localAddress(), Unpooled.EMPTY_BUFFER, CONFIG, initiatorHandler)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("receive(hello)", initiatorHandler.next().toString());
        assertThrows(IllegalStateException.class, () -> kept.get().accept(Unpooled.EMPTY_BUFFER, targetHandler));
        assertThrows(IllegalStateException.class, () -> kept.get().reject(Unpooled.EMPTY_BUFFER));
    }
}
