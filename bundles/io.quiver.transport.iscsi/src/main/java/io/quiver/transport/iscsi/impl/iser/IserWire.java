package io.quiver.transport.iscsi.impl.iser;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One iSER connection (RFC 7145) over an {@code io.quiver.rdma} endpoint: every iSCSI PDU travels in a SEND
 * behind an iSER header, Data-In by RDMA WRITE to the initiator's Read STag, solicited Data-Out by RDMA READ
 * from its Write STag; the driver's session layer ({@link IscsiConnection}) does login, commands and task
 * management exactly as over TCP. A malformed iSER message ends this connection only.
 *
 * <p>Addresses: the initiator's Read/Write Base Offset is where the transfer's first byte (Data-In) or first
 * solicited byte (Data-Out, after immediate and unsolicited data) lives, as Linux's ib_iser and LIO's
 * isert use it. Threading: provider callbacks hop onto {@link #executor()}, where all state lives; every
 * work request is signaled; a full send queue ends the connection (the queue is sized for the command window).
 */
public final class IserWire implements IscsiWire, EndpointHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IserWire.class);

    /** What the initiator advertised for one command, and its data-out that came unsolicited. */
    private static final class Advertised {
        final IserHeader header;
        int unsolicited;

        Advertised(IserHeader header, int unsolicited) {
            this.header = header;
            this.unsolicited = unsolicited;
        }
    }

    private record Read(int itt, int ttt, int offset, ByteBuf target) {
    }

    private final TargetDirectory directory;
    private final ConnectionSettings settings;
    private final EventExecutor executor;
    private final IserKeys keys;
    private final java.util.function.Consumer<IserWire> ended;
    private final IntObjectMap<Advertised> commands = new IntObjectHashMap<>();
    private final LongObjectMap<Read> reads = new LongObjectHashMap<>();
    private RdmaEndpoint endpoint;
    private IscsiInbound inbound;
    private long nextId = 1;
    private int outstanding;
    private boolean fullFeature;
    private boolean closing;
    private boolean closed;

    /** @param ended told once, on the executor, when the connection ended */
    public IserWire(TargetDirectory directory, ConnectionSettings settings, EventExecutor executor, IserKeys keys,
            java.util.function.Consumer<IserWire> ended) {
        this.ended = ended;
        this.directory = directory;
        this.settings = settings;
        this.executor = executor;
        this.keys = keys;
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
            int limit = fullFeature ? keys.targetRecvDataSegmentLength() : PduDecoder.LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH;
            frame = IserFrame.decode(message, limit);
        } catch (IserProtocolException e) {
            LOG.info("iSER connection from {}: {}; disconnecting", remoteAddress(), e.getMessage());
            close();
            return;
        } finally {
            message.release();
        }
        if (frame.malformed() != null) {
            inbound.malformed(frame.malformed());
            return;
        }
        IscsiPdu pdu = frame.pdu();
        if (pdu.opcode() == Opcode.SCSI_COMMAND) {
            commands.put(pdu.initiatorTaskTag(), new Advertised(frame.header(), pdu.dataSegmentLength()));
        } else if (pdu.opcode() == Opcode.SCSI_DATA_OUT && pdu.intAt(20) == IscsiPdu.RESERVED_TAG) {
            Advertised a = commands.get(pdu.initiatorTaskTag());
            if (a != null) {
                a.unsolicited += pdu.dataSegmentLength();
            }
        }
        inbound.received(pdu);
    }

    @Override
    public void write(IscsiPdu pdu) {
        if (closed || endpoint == null) {
            pdu.release();
            return;
        }
        if (pdu.opcode() == Opcode.SCSI_RESPONSE) {
            commands.remove(pdu.initiatorTaskTag());
        }
        ByteBuf out;
        try {
            out = endpoint.allocator().directBuffer(IserFrame.encodedLength(pdu));
            IserFrame.encode(pdu, out);
        } finally {
            pdu.release();
        }
        long id = nextId++;
        try {
            endpoint.send(out, id, true);
            outstanding++;
        } catch (RdmaException e) {
            failed("SEND", e);
        }
    }

    @Override
    public void dataIn(int itt, ByteBuf data) {
        Advertised a = commands.get(itt);
        if (closed || a == null || !a.header.readValid()) {
            data.release();
            if (!closed) {
                LOG.info("iSER connection from {}: Data-In for task 0x{} without a Read STag; disconnecting",
                        remoteAddress(), Integer.toHexString(itt));
                close();
            }
            return;
        }
        try {
            endpoint.rdmaWrite(data, a.header.readBaseOffset(), a.header.readStag(), nextId++, true);
            outstanding++;
        } catch (RdmaException e) {
            failed("RDMA WRITE", e);
        }
    }

    @Override
    public void solicitDataOut(int itt, int ttt, int offset, int length) {
        Advertised a = commands.get(itt);
        if (closed || a == null || !a.header.writeValid() || offset < a.unsolicited) {
            if (!closed) {
                LOG.info("iSER connection from {}: Data-Out for task 0x{} without a Write STag; disconnecting",
                        remoteAddress(), Integer.toHexString(itt));
                close();
            }
            return;
        }
        ByteBuf target = endpoint.allocator().directBuffer(length, length);
        long id = nextId++;
        reads.put(id, new Read(itt, ttt, offset, target));
        try {
            endpoint.rdmaRead(target, length, a.header.writeBaseOffset() + (offset - a.unsolicited),
                    a.header.writeStag(), id);
        } catch (RdmaException e) {
            reads.remove(id);
            target.release();
            failed("RDMA READ", e);
        }
    }

    @Override
    public void onCompletion(RdmaEndpoint ep, long workRequestId, WorkRequestType type, CompletionStatus status) {
        if (type == WorkRequestType.RECEIVE) {
            return;
        }
        hop(() -> completed(workRequestId, type, status));
    }

    private void completed(long id, WorkRequestType type, CompletionStatus status) {
        Read read = type == WorkRequestType.RDMA_READ ? reads.remove(id) : null;
        if (type != WorkRequestType.RDMA_READ) {
            outstanding--;
        }
        if (status != CompletionStatus.SUCCESS) {
            if (read != null) {
                read.target().release();
            }
            if (status != CompletionStatus.WORK_REQUEST_FLUSH_ERROR) {
                LOG.info("iSER connection from {}: {} completed with {}; disconnecting", remoteAddress(), type, status);
            }
            close();
            return;
        }
        if (read != null) {
            if (closed) {
                read.target().release();
            } else {
                inbound.dataOutPlaced(read.itt(), read.ttt(), read.offset(), read.target());
            }
        }
        if (closing && outstanding == 0) {
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
            reads.forEach((id, r) -> r.target().release());
            reads.clear();
            commands.clear();
            inbound.closed();
            ep.close();
            ended.accept(this);
        });
    }

    private void failed(String what, RdmaException e) {
        LOG.info("iSER connection from {}: {} failed ({}); disconnecting", remoteAddress(), what, e.getMessage());
        close();
    }

    @Override
    public void flush() {
        // Every PDU was posted as it was written.
    }

    @Override
    public void flushSoon() {
        // As flush().
    }

    /** Waits for the SENDs already posted (a disconnect would flush them unsent), then disconnects. */
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
