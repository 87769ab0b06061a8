package io.quiver.rdma.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.RdmaListener;
import io.quiver.rdma.WorkRequestType;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fabric of two nodes (target 192.0.2.1, initiator 192.0.2.2; receiver-not-ready retried 8 times 50 ms
 * apart) per test, closed after it with the checks
 * every test wants: no handler threw, and the leak detector saw no unreleased buffer.
 */
abstract class EmulatedFabricSupport {
    static {
        LeakCheck.install();
    }

    static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;
    /** Send queue 8, receive ring 4 x 256 bytes, no inline data, 2 RDMA READs. */
    static final QueueConfig CONFIG = new QueueConfig(8, 4, 256, 0, 2);

    EmulatedFabric fabric;
    EmulatedProvider target;
    EmulatedProvider initiator;
    final RecordingHandler targetHandler = new RecordingHandler();
    final RecordingHandler initiatorHandler = new RecordingHandler();

    /** Both ends of one connection. */
    record Connection(EmulatedEndpoint target, EmulatedEndpoint initiator) {
    }

    @BeforeEach
    void startFabric() {
        fabric = newFabric();
        target = fabric.addNode(ip("192.0.2.1"), "mlx5_0");
        initiator = fabric.addNode(ip("192.0.2.2"), "mlx5_1");
    }

    EmulatedFabric newFabric() {
        return new EmulatedFabric(8, java.time.Duration.ofMillis(50));
    }

    @AfterEach
    void closeFabric() throws InterruptedException {
        fabric.close();
        assertEquals(List.of(), fabric.handlerFailures());
        assertEquals(List.of(), targetHandler.violations);
        assertEquals(List.of(), initiatorHandler.violations);
        LeakCheck.assertNoLeaks();
    }

    Connection connect() throws Exception {
        return connect(CONFIG, CONFIG);
    }

    Connection connect(QueueConfig targetConfig, QueueConfig initiatorConfig) throws Exception {
        return connect(targetConfig, initiatorConfig, initiatorHandler);
    }

    /** Listens on the target with {@code targetConfig}, accepts, connects; waits for the target's RTU. */
    Connection connect(QueueConfig targetConfig, QueueConfig initiatorConfig, EndpointHandler initiatorSide)
            throws Exception {
        AtomicReference<RdmaEndpoint> accepted = new AtomicReference<>();
        RdmaListener listener = target.listen(new InetSocketAddress(target.address(), 0), targetConfig, request -> {
            try {
                accepted.set(request.accept(Unpooled.EMPTY_BUFFER, targetHandler));
            } catch (RdmaException e) {
                throw new UncheckedIOException(e);
            }
        });
        RdmaEndpoint active = initiator.connect(listener.localAddress(), Unpooled.EMPTY_BUFFER, initiatorConfig,
                initiatorSide).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("established", targetHandler.next().kind());
        listener.close();
        return new Connection((EmulatedEndpoint) accepted.get(), (EmulatedEndpoint) active);
    }

    /** Passes every call to {@link #initiatorHandler}; a test overrides what its driver does besides. */
    class InitiatorSide implements EndpointHandler {
        @Override
        public void onReceive(RdmaEndpoint endpoint, ByteBuf message) {
            initiatorHandler.onReceive(endpoint, message);
        }

        @Override
        public void onCompletion(RdmaEndpoint endpoint, long id, WorkRequestType type, CompletionStatus status) {
            initiatorHandler.onCompletion(endpoint, id, type, status);
        }

        @Override
        public void onDisconnected(RdmaEndpoint endpoint) {
            initiatorHandler.onDisconnected(endpoint);
        }
    }

    /** Holds the fabric's wire thread until the latch is counted down, so that posts queue up behind it. */
    java.util.concurrent.CountDownLatch pauseWire() {
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        fabric.wire().execute(() -> {
            try {
                gate.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return gate;
    }

    /** The handler's events up to and including its one onDisconnected, as strings. */
    static List<String> untilDisconnected(RecordingHandler handler) throws InterruptedException {
        List<String> events = new java.util.ArrayList<>();
        RecordingHandler.Event event;
        do {
            event = handler.next();
            events.add(event.toString());
        } while (!event.kind().equals("disconnected"));
        return events;
    }

    /** {@code count} flushed receives and then the disconnect, as {@link #untilDisconnected} shows them. */
    static List<String> flushedReceivesThenDisconnected(int count) {
        List<String> events = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add("completion RECEIVE#0 WORK_REQUEST_FLUSH_ERROR");
        }
        events.add("disconnected");
        return events;
    }

    static ByteBuf ascii(RdmaEndpoint endpoint, String text) {
        return endpoint.allocator().directBuffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    static ByteBuf ascii(String text) {
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
