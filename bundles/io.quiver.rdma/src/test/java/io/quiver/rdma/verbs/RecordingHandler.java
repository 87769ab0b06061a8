package io.quiver.rdma.verbs;

import io.netty.buffer.ByteBuf;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.WorkRequestType;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EndpointHandler} for {@link VerbsSelfCheck} that queues what it is told: received messages as
 * byte arrays (releasing each buffer at once, which re-posts its receive), completions (flushed receives only
 * counted), and the connection's establishment and end. Thread-safe; the provider calls it from its completion thread.
 */
final class RecordingHandler implements EndpointHandler {

    /** One reported completion. */
    record Completion(long id, WorkRequestType type, CompletionStatus status) {
    }

    final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    final CountDownLatch established = new CountDownLatch(1);
    final CountDownLatch disconnected = new CountDownLatch(1);
    final AtomicInteger receiveFlushes = new AtomicInteger();
    volatile int disconnectCalls;
    volatile int establishedCalls;
    volatile boolean wrongThread;
    private volatile Thread thread;

    @Override
    public void onEstablished(RdmaEndpoint endpoint) {
        sameThread();
        establishedCalls++;
        established.countDown();
    }

    @Override
    public void onReceive(RdmaEndpoint endpoint, ByteBuf message) {
        sameThread();
        byte[] bytes = new byte[message.readableBytes()];
        message.readBytes(bytes);
        message.release();
        received.add(bytes);
    }

    @Override
    public void onCompletion(RdmaEndpoint endpoint, long workRequestId, WorkRequestType type,
            CompletionStatus status) {
        sameThread();
        if (type == WorkRequestType.RECEIVE && status == CompletionStatus.WORK_REQUEST_FLUSH_ERROR) {
            receiveFlushes.incrementAndGet();
        } else {
            completions.add(new Completion(workRequestId, type, status));
        }
    }

    @Override
    public void onDisconnected(RdmaEndpoint endpoint) {
        sameThread();
        disconnectCalls++;
        disconnected.countDown();
    }

    /** The next completion that is not a flushed receive, or null after 10 s. */
    Completion next() throws InterruptedException {
        for (Completion c; (c = completions.poll(10, TimeUnit.SECONDS)) != null; ) {
            if (c.type() != WorkRequestType.RECEIVE) {
                return c;
            }
        }
        return null;
    }

    /** The SPI promises one thread per endpoint; note any call from another. */
    private void sameThread() {
        Thread t = thread;
        if (t == null) {
            thread = Thread.currentThread();
        } else if (t != Thread.currentThread()) {
            wrongThread = true;
        }
    }
}
