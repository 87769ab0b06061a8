package io.quiver.rdma.emulated;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.WorkRequestType;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An endpoint handler that records every event with the thread it came on, for tests to take in order.
 * Messages are copied and released at once unless {@link #holdMessages} is set (a driver that starves the
 * peer), in which case they are kept in {@link #held} for the test to release.
 */
final class RecordingHandler implements EndpointHandler {

    /** One event: kind, payload or completion, and the calling thread's name. */
    record Event(String kind, String payload, long id, WorkRequestType type, CompletionStatus status, String thread) {
        @Override
        public String toString() {
            return kind + (payload != null ? "(" + payload + ")" : "") + (type != null ? " " + type + "#" + id + " "
                    + status : "");
        }
    }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final BlockingQueue<ByteBuf> held = new LinkedBlockingQueue<>();
    volatile boolean holdMessages;
    /** Threading contract breaches: a call off the fabric's threads, or two calls for one endpoint at once. */
    final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();

    @Override
    public void onEstablished(RdmaEndpoint endpoint) {
        record(new Event("established", null, 0, null, null, Thread.currentThread().getName()));
    }

    @Override
    public void onReceive(RdmaEndpoint endpoint, ByteBuf message) {
        String payload = new String(ByteBufUtil.getBytes(message), java.nio.charset.StandardCharsets.US_ASCII);
        if (holdMessages) {
            held.add(message);
        } else {
            message.release();
        }
        record(new Event("receive", payload, 0, null, null, Thread.currentThread().getName()));
    }

    @Override
    public void onCompletion(RdmaEndpoint endpoint, long workRequestId, WorkRequestType type,
            CompletionStatus status) {
        record(new Event("completion", null, workRequestId, type, status, Thread.currentThread().getName()));
    }

    @Override
    public void onDisconnected(RdmaEndpoint endpoint) {
        record(new Event("disconnected", null, 0, null, null, Thread.currentThread().getName()));
    }

    /** Records {@code event} after checking the thread; lingers a moment so overlapping calls would show. */
    private void record(Event event) {
        if (inside.incrementAndGet() != 1) {
            violations.add("concurrent call: " + event);
        }
        if (!event.thread().startsWith("emulated-rdma-")) {
            violations.add(event + " on " + event.thread());
        }
        Thread.onSpinWait();
        inside.decrementAndGet();
        events.add(event);
    }

    /** The next event, failing after 5 s. */
    Event next() throws InterruptedException {
        Event event = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(event, "no event within 5 s");
        return event;
    }

    /** The next event, or null when none comes within {@code millis}. */
    Event poll(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Releases every held message (the driver catches up). */
    void releaseHeld() {
        ByteBuf message;
        while ((message = held.poll()) != null) {
            message.release();
        }
    }
}
