package io.quiver.transport.iscsi.impl.iser;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.quiver.iscsi.codec.PduDecoder;
import io.quiver.iscsi.login.OperationalParameters;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.WorkRequestType;
import io.quiver.transport.iscsi.impl.login.IserKeys;
import io.quiver.transport.iscsi.impl.session.ConnectionSettings;
import io.quiver.transport.iscsi.impl.session.IscsiConnection;
import io.quiver.transport.iscsi.impl.session.IscsiInbound;
import io.quiver.transport.iscsi.impl.session.IscsiWire;
import io.quiver.transport.iscsi.impl.session.TargetDirectory;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One iSER connection (RFC 7145) over an {@code io.quiver.rdma} endpoint: every iSCSI PDU travels in a SEND
 * behind an iSER header; Data-In and solicited Data-Out move by RDMA WRITE and READ ({@link IserDataPlacement});
 * the driver's session layer ({@link IscsiConnection}) does login, commands and task management exactly as over
 * TCP. A malformed iSER message ends this connection only.
 *
 * <p>Threading: provider callbacks hop onto {@link #executor()}, where all state lives. Every work request is
 * signaled; a full send queue ends the connection (the queue is sized for the command window; see
 * docs/iser.md for the flow control still to come).
 */
public final class IserWire implements IscsiWire, EndpointHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IserWire.class);

    private final TargetDirectory directory;
    private final ConnectionSettings settings;
    private final EventExecutor executor;
    private final IserKeys keys;
    private final Consumer<IserWire> ended;
    private final IserDataPlacement placement = new IserDataPlacement(this);
    private RdmaEndpoint endpoint;
    private IscsiInbound inbound;
    private long nextId = 1;
    private int outstanding;
    private boolean fullFeature;
    private boolean closing;
    private boolean closed;

    /** @param ended told once, on the executor, when the connection ended */
    public IserWire(TargetDirectory directory, ConnectionSettings settings, EventExecutor executor, IserKeys keys,
            Consumer<IserWire> ended) {
        this.directory = directory;
        this.settings = settings;
        this.executor = executor;
        this.keys = keys;
        this.ended = ended;
    }

    /** The endpoint the accept created; idempotent, so a callback that comes first binds it too. */
    public void bind(RdmaEndpoint ep) {
        hop(() -> start(ep));
    }

    /** Runs {@code task} on the executor; inline once the executor is gone (the portal closed), as nothing races. */
    private void hop(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private void start(RdmaEndpoint ep) {
        if (endpoint != null) {
            return;
        }
        endpoint = ep;
        inbound = new IscsiConnection(directory, settings, this);
        inbound.active();
    }

    @Override
    public void onReceive(RdmaEndpoint ep, ByteBuf message) {
        hop(() -> {
            start(ep);
            received(message);
        });
    }

    private void received(ByteBuf message) {
        if (closed) {
            message.release();
            return;
        }
        IserFrame frame;
        try {
            frame = IserFrame.decode(message,
                    fullFeature ? keys.targetRecvDataSegmentLength() : PduDecoder.LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH);
        } catch (IserProtocolException e) {
            protocolError(e.getMessage());
            return;
        } finally {
            message.release();
        }
        if (frame.malformed() != null) {
            inbound.malformed(frame.malformed());
            return;
        }
        placement.received(frame.header(), frame.pdu());
        inbound.received(frame.pdu());
    }

    @Override
    public void write(IscsiPdu pdu) {
        if (closed || endpoint == null) {
            pdu.release();
            return;
        }
        if (pdu.opcode() == Opcode.SCSI_RESPONSE) {
            placement.finished(pdu.initiatorTaskTag());
        }
        ByteBuf out;
        try {
            out = endpoint.allocator().directBuffer(IserFrame.encodedLength(pdu));
            IserFrame.encode(pdu, out);
        } finally {
            pdu.release();
        }
        try {
            endpoint.send(out, posted(), true);
        } catch (RdmaException e) {
            failed("SEND", e);
        }
    }

    @Override
    public void dataIn(int itt, ByteBuf data) {
        if (closed) {
            data.release();
            return;
        }
        placement.dataIn(endpoint, itt, data);
    }

    @Override
    public void solicitDataOut(int itt, int ttt, int offset, int length) {
        if (!closed) {
            placement.dataOut(endpoint, itt, ttt, offset, length);
        }
    }

    /** The id of a work request about to be posted, counted until its completion. */
    long posted() {
        outstanding++;
        return nextId++;
    }

    /** The initiator broke iSER: this connection ends. */
    void protocolError(String what) {
        LOG.info("iSER connection from {}: {}; disconnecting", remoteAddress(), what);
        close();
    }

    void failed(String what, RdmaException e) {
        outstanding--;
        LOG.info("iSER connection from {}: {} failed ({}); disconnecting", remoteAddress(), what, e.getMessage());
        close();
    }

    @Override
    public void onCompletion(RdmaEndpoint ep, long workRequestId, WorkRequestType type, CompletionStatus status) {
        if (type != WorkRequestType.RECEIVE) {
            hop(() -> completed(workRequestId, type, status));
        }
    }

    private void completed(long id, WorkRequestType type, CompletionStatus status) {
        outstanding--;
        boolean success = status == CompletionStatus.SUCCESS;
        if (type == WorkRequestType.RDMA_READ) {
            placement.readCompleted(id, success && !closed, inbound);
        }
        if (!success) {
            if (status != CompletionStatus.WORK_REQUEST_FLUSH_ERROR) {
                LOG.info("iSER connection from {}: {} completed with {}; disconnecting", remoteAddress(), type, status);
            }
            close();
        } else if (closing && outstanding == 0) {
            endpoint.disconnect();
        }
    }

    @Override
    public void onDisconnected(RdmaEndpoint ep) {
        hop(() -> {
            start(ep);
            if (closed) {
                return;
            }
            closed = true;
            placement.clear();
            inbound.closed();
            ep.close();
            ended.accept(this);
        });
    }

    @Override
    public void flush() {
        // Every PDU was posted as it was written.
    }

    @Override
    public void flushSoon() {
        // As flush().
    }

    /** Waits for the work requests already posted (a disconnect would flush them unsent), then disconnects. */
    @Override
    public void flushAndClose() {
        closing = true;
        if (outstanding == 0 && endpoint != null) {
            endpoint.disconnect();
        }
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.disconnect();
        }
    }

    @Override
    public ByteBufAllocator alloc() {
        return ByteBufAllocator.DEFAULT;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public boolean isActive() {
        return endpoint != null && !closed;
    }

    @Override
    public SocketAddress remoteAddress() {
        return endpoint == null ? null : endpoint.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return endpoint == null ? null : endpoint.localAddress();
    }

    @Override
    public void fullFeaturePhase(OperationalParameters params) {
        fullFeature = true;
    }

    @Override
    public IserKeys iserKeys() {
        return keys;
    }

    @Override
    public boolean placesData() {
        return true;
    }
}
