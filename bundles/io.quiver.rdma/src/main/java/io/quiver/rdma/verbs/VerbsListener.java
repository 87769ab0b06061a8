package io.quiver.rdma.verbs;

import io.quiver.rdma.ConnectionRequestHandler;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaListener;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A listening RDMA CM id: each CONNECT_REQUEST becomes a {@link VerbsConnectionRequest} for the handler, on
 * the CM thread. Thread-safe; {@link #close()} destroys the id once.
 */
final class VerbsListener implements RdmaListener, CmThread.Target {

    private final VerbsProvider provider;
    private final MemorySegment id;
    private final InetSocketAddress local;
    private final QueueConfig config;
    private final ConnectionRequestHandler handler;
    private final AtomicBoolean closed = new AtomicBoolean();

    VerbsListener(VerbsProvider provider, MemorySegment id, InetSocketAddress local, QueueConfig config,
            ConnectionRequestHandler handler) {
        this.provider = provider;
        this.id = id;
        this.local = local;
        this.config = config;
        this.handler = handler;
    }

    @Override
    public void onCmEvent(int event, int status, MemorySegment cmEvent) {
        if (event == Layouts.EV_CONNECT_REQUEST) {
            new VerbsConnectionRequest(provider, cmEvent, config).offer(handler);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            provider.cm().destroyId(id);
            provider.forget(this);
        }
    }
}
