package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.spi.target.TaskManagementRequest;
import io.quiver.spi.target.TaskManagementResult;
import io.quiver.transport.fcoe.impl.els.Els;
import io.quiver.transport.fcoe.impl.els.ElsResponder;
import io.quiver.transport.fcoe.impl.fcp.FcpCommand;
import io.quiver.transport.fcoe.impl.fcp.FcpExchange;
import io.quiver.transport.fcoe.impl.fcp.FcpResponse;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;
import io.quiver.transport.fcoe.impl.frame.FcoeFrame;
import io.quiver.transport.fcoe.impl.frame.FrameControl;
import io.quiver.transport.fcoe.impl.frame.MalformedFrameException;

/**
 * FCP and BLS frames of the local port: FCP_CMND opens an exchange (or runs a task management function),
 * FCP_DATA feeds its exchange's data-out, ABTS aborts an exchange (ABORT TASK in the core) and is answered
 * BA_ACC, or BA_RJT when no such exchange is open; SRR gets an FC-4 LS_RJT. Frames of a port logged in without an
 * image pair are dropped (a port without a login never gets here: {@link LogoOriginator}).
 * Called on the receive thread; never blocks.
 */
final class FcpDispatcher {

    private static final int BA_RJT_LOGICAL_ERROR = 0x03;
    private static final int BA_RJT_INVALID_OX_RX = 0x03;

    private final LocalPort local;

    FcpDispatcher(LocalPort local) {
        this.local = local;
    }

    /** @param remote the sender's port login (not null) */
    void receive(FcoeFrame f, RemotePort remote) {
        FcHeader h = f.header();
        Session session = remote.session();
        if (session == null) {
            local.drop("FCP/BLS frame from " + String.format("%06x", h.sId()) + " without a process login");
            return;
        }
        switch (h.rCtl()) {
            case FcHeader.R_CTL_FCP_CMND -> command(f, remote, session);
            case FcHeader.R_CTL_DATA -> {
                FcpExchange e = remote.exchange(h.oxId());
                if (e == null) {
                    local.drop("FCP_DATA for unknown exchange 0x" + Integer.toHexString(h.oxId()));
                } else {
                    e.data(h, f.payload());
                }
            }
            case FcHeader.R_CTL_ABTS -> abort(h, remote, session);
            // SRR (FCP-4 sequence retransmission, Linux's answer to a REC of an unfinished exchange) is not
            // implemented: an LS_RJT lets the initiator go on to ABTS at once instead of timing out the SRR
            case FcHeader.R_CTL_FC4_LS_REQ -> local.reply(h, FcHeader.R_CTL_FC4_LS_REP, FcHeader.TYPE_FCP,
                    ElsResponder.reject(Els.REASON_NOT_SUPPORTED, Els.EXPLANATION_NONE));
            default -> local.drop("R_CTL 0x" + Integer.toHexString(h.rCtl()));
        }
    }

    private void command(FcoeFrame f, RemotePort remote, Session session) {
        FcHeader h = f.header();
        FcpCommand c;
        try {
            c = FcpCommand.decode(f.payload());
        } catch (MalformedFrameException e) {
            local.drop(e.getMessage());
            return;
        }
        if (c.taskManagementFlags() != 0) {
            taskManagement(h, c, remote, session);
            return;
        }
        FcpExchange e = remote.open(h.oxId(), rxId -> new FcpExchange(remote, h.oxId(), rxId, c));
        if (e == null) {
            local.drop("FCP_CMND for open exchange 0x" + Integer.toHexString(h.oxId()));
            return;
        }
        session.submit(e);
    }

    private void taskManagement(FcHeader h, FcpCommand c, RemotePort remote, Session session) {
        TaskManagementFunction function = c.taskManagementFunction();
        if (function == null) {
            respond(remote, h, FcpResponse.taskManagement(FcpResponse.TMF_NOT_SUPPORTED));
            return;
        }
        session.submit(new TaskManagementRequest() {
            @Override
            public TaskManagementFunction function() {
                return function;
            }

            @Override
            public long lun() {
                return c.lun();
            }

            @Override
            public long referencedTag() {
                return 0;
            }

            @Override
            public void complete(TaskManagementResult result) {
                int code = switch (result.response()) {
                    case FUNCTION_COMPLETE -> FcpResponse.TMF_COMPLETE;
                    case FUNCTION_SUCCEEDED -> FcpResponse.TMF_SUCCEEDED;
                    case INCORRECT_LOGICAL_UNIT_NUMBER -> FcpResponse.TMF_INCORRECT_LUN;
                    case FUNCTION_REJECTED -> FcpResponse.TMF_NOT_SUPPORTED;
                    default -> FcpResponse.TMF_FAILED;
                };
                respond(remote, h, FcpResponse.taskManagement(code));
            }
        });
    }

    private void respond(RemotePort remote, FcHeader h, ByteBuf rsp) {
        try {
            remote.sequence(h.oxId(), 0xFFFF, 0, FcHeader.R_CTL_FCP_RSP, FrameControl.LAST_SEQUENCE, rsp,
                    rsp.readerIndex(), rsp.readableBytes(), -1);
        } finally {
            rsp.release();
        }
    }

    /** ABTS (FC-LS-3 5.3.2): the exchange stops sending at once; the core aborts the command. */
    private void abort(FcHeader h, RemotePort remote, Session session) {
        FcpExchange e = remote.exchange(h.oxId());
        ByteBuf payload = ByteBufAllocator.DEFAULT.directBuffer(12);
        int rCtl;
        if (e == null) {
            rCtl = FcHeader.R_CTL_BA_RJT;
            payload.writeByte(0).writeByte(BA_RJT_LOGICAL_ERROR).writeByte(BA_RJT_INVALID_OX_RX).writeByte(0);
        } else {
            rCtl = FcHeader.R_CTL_BA_ACC;
            e.abort();
            session.submit(new AbortTask(e.lun(), e.oxId()));
            payload.writeByte(0).writeByte(0).writeShort(0).writeShort(h.oxId()).writeShort(e.rxId())
                    .writeShort(0).writeShort(0xFFFF);
        }
        FcHeader reply = new FcHeader(rCtl, h.sId(), 0, local.portId(), FcHeader.TYPE_BLS, FrameControl.LAST_REPLY,
                0, 0, 0, h.oxId(), e == null ? h.rxId() : e.rxId(), 0);
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(FcoeCodec.OVERHEAD + FcHeader.LENGTH + 12);
        try {
            FcoeCodec.encodeSingle(out, local.peerMac(h.sId()), local.sourceMac(), reply, payload);
        } finally {
            payload.release();
        }
        local.output().send(out);
    }

    /** The core's ABORT TASK for an exchange the initiator aborted; its result needs no answer. */
    private record AbortTask(long lun, long referencedTag) implements TaskManagementRequest {
        @Override
        public TaskManagementFunction function() {
            return TaskManagementFunction.ABORT_TASK;
        }

        @Override
        public void complete(TaskManagementResult result) {
            // BA_ACC went out already: FC-LS answers ABTS on receipt
        }
    }
}
