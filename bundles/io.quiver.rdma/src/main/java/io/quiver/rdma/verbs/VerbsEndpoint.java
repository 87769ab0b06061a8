package io.quiver.rdma.verbs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.rdma.Access;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.MemoryRegion;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaDevice;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.WorkRequestType;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link RdmaEndpoint} over one RDMA CM id and its {@link QueuePair}. Posting goes through
 * {@link SendQueue} under this object's lock; completions, connection events and teardown run on the
 * device's {@link CompletionLoop}, so the handler sees everything of this endpoint from that one thread.
 * The receive ring is {@code receiveQueueDepth} pieces of registered memory: a received message is handed
 * out over its piece and the piece is posted again when the handler releases it.
 */
final class VerbsEndpoint implements RdmaEndpoint, CmThread.Target {

    private static final Logger LOG = LoggerFactory.getLogger(VerbsEndpoint.class);

    final DeviceContext dev;
    final MemorySegment id;
    final QueuePair queuePair;
    private final VerbsProvider provider;
    private final QueueConfig config;
    private final EndpointHandler handler;
    final SendQueue sendQueue;
    private final ReceiveRing receives;
    private final Set<VerbsMemory> regions = ConcurrentHashMap.newKeySet();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private boolean peerGone;
    private boolean done;
    /** The accept's private data (active side), set before the connect future completes. */
    private volatile byte[] acceptPrivateData = new byte[0];

    /** Creates the queue pair on {@code id} and posts the receive ring (the CM thread, before accept/connect). */
    VerbsEndpoint(VerbsProvider provider, DeviceContext dev, MemorySegment id, QueueConfig config,
            EndpointHandler handler) throws RdmaException {
        this.provider = provider;
        this.dev = dev;
        this.id = id;
        this.config = config;
        this.handler = handler;
        this.queuePair = new QueuePair(dev, id, config);
        this.sendQueue = new SendQueue(this, dev.pool, config);
        this.local = provider.cm().localAddress(id);
        this.remote = provider.cm().peerAddress(id);
        try {
            this.receives = new ReceiveRing(this, dev, config);
        } catch (RdmaException | RuntimeException e) {
            queuePair.destroy(id);
            throw e;
        }
        dev.loop.add(queuePair.cq, this);
        queuePair.arm();
    }

    /** Frees this endpoint, never handed out (its connect or accept failed), on its loop; then runs {@code then}. */
    void discard(Runnable then) {
        dev.loop.execute(() -> {
            destroy();
            then.run();
        });
    }

    EndpointHandler handler() {
        return handler;
    }

    /** Runs one handler call on the loop; a handler that throws loses that call, not the rest of the batch. */
    void report(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("RDMA endpoint handler of {} failed", remote, e);
        }
    }

    /** Called on the loop after a CQ event: re-arm, then poll until empty, then see whether teardown is due. */
    void pollCompletions() {
        if (done) {
            // a CM event dispatched before teardown forgot this id, run after it: the queue pair is gone
            return;
        }
        queuePair.arm();
        for (int n; (n = queuePair.poll()) > 0; ) {
            for (int i = 0; i < n; i++) {
                long wrId = queuePair.wrId(i);
                try {
                    if (ReceiveRing.isReceive(wrId)) {
                        receives.completed(wrId, queuePair.status(i), queuePair.byteLength(i));
                    } else {
                        sendQueue.completed(wrId, queuePair.status(i));
                    }
                } catch (RuntimeException e) {
                    // e.g. a READ target the caller released early: that request is lost, the batch is not
                    LOG.error("RDMA completion of {} for {} failed", wrId, remote, e);
                }
            }
        }
        maybeFinish();
    }

    @Override
    public void onCmEvent(int event, int status, MemorySegment cmEvent) {
        if (event == Layouts.EV_ESTABLISHED) {
            dev.loop.execute(() -> {
                if (!done) {
                    report(() -> handler.onEstablished(this));
                }
            });
        } else if (event != Layouts.EV_TIMEWAIT_EXIT) {
            // DISCONNECTED, or the passive side's CONNECT_ERROR/UNREACHABLE/REJECTED instead of the RTU, or the
            // device going away: the connection is over; answer the DREQ (moves the QP to error, flushing)
            disconnect();
            dev.loop.execute(() -> {
                peerGone = true;
                pollCompletions();
            });
        }
    }

    private void maybeFinish() {
        if (peerGone && !done && sendQueue.idle() && receives.idle()) {
            done = true;
            report(() -> handler.onDisconnected(this));
            destroy();
        }
    }

    /**
     * Frees the queue pair, the ring and the regions; on the loop only. The CQ belongs to the loop from the
     * constructor on, and a completion may be polled there at any time: librdmacm moves a rejected connection's
     * queue pair to the error state, flushing the posted receives, so the loop polls while a CM-thread teardown
     * would free the same queue pair (a crash in librxe, or "Already closed" on the structures' arena).
     */
    void destroy() {
        done = true; // a CQ event or CM task already queued for this endpoint finds it gone
        dev.loop.remove(queuePair.cq);
        queuePair.destroy(id);
        sendQueue.close();
        receives.close();
        regions.forEach(VerbsMemory::close);
        provider.cm().forget(id);
        provider.cm().destroyId(id);
        provider.forget(this);
        finished.countDown();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public byte[] acceptPrivateData() {
        return acceptPrivateData.clone();
    }

    /** The active side's ESTABLISHED event carried the passive side's accept private data. */
    void acceptPrivateData(byte[] data) {
        acceptPrivateData = data;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public RdmaDevice device() {
        return dev.device;
    }

    @Override
    public QueueConfig config() {
        return config;
    }

    @Override
    public ByteBufAllocator allocator() {
        return dev.allocator;
    }

    @Override
    public void send(ByteBuf message, long workRequestId, boolean signaled) throws RdmaException {
        sendQueue.post(WorkRequestType.SEND, message, message.readableBytes(), 0, 0, workRequestId, signaled);
    }

    @Override
    public void rdmaWrite(ByteBuf source, long remoteAddress, int rkey, long workRequestId, boolean signaled)
            throws RdmaException {
        sendQueue.post(WorkRequestType.RDMA_WRITE, source, source.readableBytes(), remoteAddress, rkey,
                workRequestId, signaled);
    }

    @Override
    public void rdmaRead(ByteBuf target, int length, long remoteAddress, int rkey, long workRequestId)
            throws RdmaException {
        sendQueue.post(WorkRequestType.RDMA_READ, target, length, remoteAddress, rkey, workRequestId, true);
    }

    @Override
    public MemoryRegion register(ByteBuf buffer, Set<Access> access) throws RdmaException {
        VerbsMemory region = VerbsMemory.register(dev, buffer, access, regions::remove);
        regions.add(region);
        return region;
    }

    @Override
    public void disconnect() {
        if (sendQueue.stop()) {
            provider.cm().disconnect(id);
        }
    }

    @Override
    public void close() {
        disconnect();
        if (!dev.loop.inLoop()) {
            try {
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
