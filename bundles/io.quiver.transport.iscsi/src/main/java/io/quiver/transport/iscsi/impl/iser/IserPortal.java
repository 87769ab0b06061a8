package io.quiver.transport.iscsi.impl.iser;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.rdma.ConnectionRequest;
import io.quiver.rdma.ConnectionRequestHandler;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.RdmaListener;
import io.quiver.rdma.RdmaProvider;
import io.quiver.transport.iscsi.impl.login.IserKeys;
import io.quiver.transport.iscsi.impl.session.ConnectionSettings;
import io.quiver.transport.iscsi.impl.session.TargetDirectory;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An iSER portal: an RDMA CM listener (iSER's port is iSCSI's, 3260, as SCST's and LIO's iSER targets use it)
 * whose connection requests become {@link IserWire}s on the driver's targets, the same targets TCP serves. It
 * reads the initiator's iSER CM private data and accepts with its own (virtual addresses, no Send with
 * Invalidate). Connections run on the portal's own event loops. Thread-safe; {@link #close()} stops listening,
 * disconnects the connections still up, waits (up to 5 s) for them to end, then ends the loops.
 */
public final class IserPortal implements ConnectionRequestHandler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IserPortal.class);

    /** Data segment bytes one SEND to the target carries: the TargetRecvDataSegmentLength declared. */
    public static final int TARGET_RECV_DATA_SEGMENT_LENGTH = 8192;
    /** Receive buffers per connection: also the MaxOutstandingUnexpectedPDUs answered. */
    public static final int RECEIVE_DEPTH = 128;
    /** Longest AHS (TotalAHSLength is a byte of 4-byte words). */
    private static final int MAX_AHS = 255 * 4;

    private final TargetDirectory directory;
    private final ConnectionSettings settings;
    private final EventLoopGroup loops;
    private final RdmaListener listener;
    /** Connections accepted and not yet ended, so that closing the portal ends them. */
    private final Set<IserWire> wires = ConcurrentHashMap.newKeySet();

    /**
     * Listens on {@code address} through {@code provider}.
     *
     * @throws RdmaException when the address cannot be bound or no RDMA device serves it
     */
    public IserPortal(RdmaProvider provider, InetSocketAddress address, TargetDirectory directory,
            ConnectionSettings settings, int eventLoops) throws RdmaException {
        this.directory = directory;
        this.settings = settings;
        this.loops = new DefaultEventLoopGroup(eventLoops);
        try {
            this.listener = provider.listen(address, queues(), this);
        } catch (RdmaException | RuntimeException e) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        LOG.info("iSER portal {} listening", listener.localAddress());
    }

    /**
     * The queues of one connection: a receive ring of {@link #RECEIVE_DEPTH} buffers that hold the iSER header,
     * a BHS, the longest AHS and {@link #TARGET_RECV_DATA_SEGMENT_LENGTH}; a send queue for responses, RDMA
     * WRITEs and READs of a full command window.
     */
    static QueueConfig queues() {
        int receive = IserHeader.LENGTH + IscsiPdu.BHS_LENGTH + MAX_AHS + TARGET_RECV_DATA_SEGMENT_LENGTH;
        return new QueueConfig(1024, RECEIVE_DEPTH, receive, 0, 16);
    }

    /** The bound address (port 0 picked one). */
    public InetSocketAddress localAddress() {
        return listener.localAddress();
    }

    @Override
    public void onConnectionRequest(ConnectionRequest request) {
        IserCmPrivateData theirs = IserCmPrivateData.decode(request.privateData());
        LOG.debug("iSER connection request from {} ({})", request.remoteAddress(), theirs);
        IserWire wire = new IserWire(directory, settings, loops.next(),
                new IserKeys(TARGET_RECV_DATA_SEGMENT_LENGTH, RECEIVE_DEPTH), wires::remove);
        wires.add(wire);
        ByteBuf ours = Unpooled.buffer(IserCmPrivateData.LENGTH);
        new IserCmPrivateData(true, true).encode(ours);
        try {
            RdmaEndpoint endpoint = request.accept(ours, wire);
            wire.bind(endpoint);
        } catch (RdmaException e) {
            wires.remove(wire);
            LOG.info("iSER connection from {} not accepted: {}", request.remoteAddress(), e.getMessage());
        } finally {
            ours.release();
        }
    }

    @Override
    public void close() {
        listener.close();
        wires.forEach(IserWire::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!wires.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
