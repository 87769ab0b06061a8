package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.quiver.iscsi.login.OperationalParameters;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.transport.iscsi.impl.login.IserKeys;
import java.net.SocketAddress;

/**
 * What one iSCSI connection's session layer needs from the wire under it (after LIO's
 * {@code struct iscsit_transport}): how PDUs leave, how the connection ends, where it runs, and whether the
 * wire places data itself. The driver's TCP portals are one wire ({@link TcpWire}); iSER (RFC 7145,
 * {@code impl.iser.IserWire}) is another, moving Data-In by RDMA WRITE and Data-Out by RDMA READ instead of
 * Data-In PDUs and R2Ts.
 *
 * <p>Threading: the session layer runs on {@link #executor()} only and calls every method there; the wire
 * delivers to its {@link IscsiInbound} on that executor too.
 */
public interface IscsiWire {

    /** MUST: allocator for the PDUs the session layer builds (pooled, direct). */
    ByteBufAllocator alloc();

    /** MUST: the single thread the connection's session layer runs on; also its timers. */
    EventExecutor executor();

    /**
     * MUST: queues a PDU whose BHS is complete (StatSN and window filled in) and takes ownership; it leaves at
     * the latest at the next {@link #flush()}. Must not allocate per PDU: this is the data path.
     */
    void write(IscsiPdu pdu);

    /** MUST: sends what {@link #write} queued. */
    void flush();

    /**
     * MUST: flushes once for everything the current executor turn (or inbound burst) writes, instead of once
     * per PDU; a wire without coalescing may flush at once.
     */
    void flushSoon();

    /** MUST: flushes what is queued, then ends the connection. */
    void flushAndClose();

    /** MUST: ends the connection now; {@link IscsiInbound#closed()} follows once. */
    void close();

    /** MUST: whether the connection is still up. */
    boolean isActive();

    /** MUST: the initiator's address (logs, authentication back-off, login redirection). */
    SocketAddress remoteAddress();

    /** MUST: the local portal address the connection came in on (TargetPortalGroupTag, SendTargets). */
    SocketAddress localAddress();

    /**
     * MUST: the login completed with {@code params}; the final Login Response is already written. A TCP wire
     * turns on the negotiated digests and receive limit from the next PDU on.
     */
    void fullFeaturePhase(OperationalParameters params);

    /**
     * MUST: the iSER keys this connection's login negotiates (a fresh instance per connection), or
     * {@code null} for a TCP connection, whose login answers them NotUnderstood.
     */
    IserKeys iserKeys();

    /**
     * MUST: whether this wire places data itself (iSER, RFC 7145, 7.3): Data-In goes through {@link #dataIn}
     * and solicited Data-Out through {@link #solicitDataOut} instead of Data-In PDUs and R2Ts. TCP: false.
     */
    boolean placesData();

    /**
     * Places a command's whole Data-In ({@code data}, ownership passes) into the initiator's advertised buffer
     * (an RDMA WRITE to its Read STag); the SCSI Response written afterwards cannot overtake it (a reliable
     * connection executes in order). Only when {@link #placesData()}.
     */
    void dataIn(int itt, ByteBuf data);

    /**
     * Fetches {@code length} bytes at {@code offset} of task {@code itt}'s Data-Out (what an R2T with
     * {@code ttt} would ask for; an RDMA READ from its Write STag) and hands them to
     * {@link IscsiInbound#dataOutPlaced}. Only when {@link #placesData()}.
     */
    void solicitDataOut(int itt, int ttt, int offset, int length);
}
