package io.quiver.transport.iscsi.impl.iser;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.transport.iscsi.impl.session.IscsiInbound;

/**
 * The data placement of one iSER connection (RFC 7145, 7.3.5 and 7.3.6): remembers the buffers each SCSI
 * Command advertised in its iSER header (Read STag for Data-In, Write STag for Data-Out) and how much of its
 * data-out came unsolicited, RDMA WRITEs Data-In there, and RDMA READs solicited Data-Out, handing each READ's
 * data to the session layer when it completes. The initiator's base offsets are where the transfer's first
 * byte (Data-In) or first solicited byte (Data-Out) lives, as Linux's ib_iser and LIO's isert use them. Part
 * of {@link IserWire}; on its executor only.
 */
final class IserDataPlacement {

    /** What the initiator advertised for one command, and where its solicited data-out begins. */
    private static final class Advertised {
        final IserHeader header;
        /** The buffer offset the Write Base Offset stands for: the first solicited byte; -1 until solicited. */
        int solicitedStart = -1;

        Advertised(IserHeader header) {
            this.header = header;
        }
    }

    private record Read(int itt, int ttt, int offset, ByteBuf target) {
    }

    private final IserWire wire;
    private final IntObjectMap<Advertised> commands = new IntObjectHashMap<>();
    private final LongObjectMap<Read> reads = new LongObjectHashMap<>();

    IserDataPlacement(IserWire wire) {
        this.wire = wire;
    }

    /** A PDU arrived in a SEND with {@code header}: a command's advertised buffers are noted. */
    void received(IserHeader header, IscsiPdu pdu) {
        if (pdu.opcode() == Opcode.SCSI_COMMAND) {
            commands.put(pdu.initiatorTaskTag(), new Advertised(header));
        }
    }

    /** The task's SCSI Response is being sent: its buffers are the initiator's again. */
    void finished(int itt) {
        commands.remove(itt);
    }

    /** RDMA WRITEs the task's whole Data-In (ownership passes) to its Read STag. */
    void dataIn(RdmaEndpoint endpoint, int itt, ByteBuf data) {
        Advertised a = commands.get(itt);
        if (a == null || !a.header.readValid()) {
            data.release();
            wire.protocolError("Data-In for task 0x" + Integer.toHexString(itt) + " without a Read STag");
            return;
        }
        try {
            endpoint.rdmaWrite(data, a.header.readBaseOffset(), a.header.readStag(), wire.posted(), true);
        } catch (RdmaException e) {
            wire.failed("RDMA WRITE", e);
        }
    }

    /**
     * RDMA READs one solicited burst of the task's Data-Out from its Write STag. The session layer solicits in
     * increasing offsets from the end of the unsolicited data, so the first call fixes the Write Base Offset's
     * buffer offset.
     */
    void dataOut(RdmaEndpoint endpoint, int itt, int ttt, int offset, int length) {
        Advertised a = commands.get(itt);
        if (a != null && a.solicitedStart < 0) {
            a.solicitedStart = offset;
        }
        if (a == null || !a.header.writeValid() || offset < a.solicitedStart) {
            wire.protocolError("Data-Out for task 0x" + Integer.toHexString(itt) + " without a Write STag");
            return;
        }
        ByteBuf target = endpoint.allocator().directBuffer(length, length);
        long id = wire.posted();
        reads.put(id, new Read(itt, ttt, offset, target));
        try {
            endpoint.rdmaRead(target, length, a.header.writeBaseOffset() + (offset - a.solicitedStart),
                    a.header.writeStag(), id);
        } catch (RdmaException e) {
            reads.remove(id);
            target.release();
            wire.failed("RDMA READ", e);
        }
    }

    /**
     * An RDMA READ completed: its data goes to {@code inbound} as the Data-Out it stands for, or is dropped when
     * the READ failed or the connection is gone.
     */
    void readCompleted(long id, boolean success, IscsiInbound inbound) {
        Read read = reads.remove(id);
        if (read == null) {
            return;
        }
        if (success && inbound != null) {
            inbound.dataOutPlaced(read.itt(), read.ttt(), read.offset(), read.target());
        } else {
            read.target().release();
        }
    }

    /** The connection ended: READ targets still held are released (the provider flushed their requests). */
    void clear() {
        reads.forEach((id, r) -> r.target().release());
        reads.clear();
        commands.clear();
    }
}
