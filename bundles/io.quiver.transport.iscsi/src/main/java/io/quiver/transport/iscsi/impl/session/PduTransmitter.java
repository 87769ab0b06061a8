package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.quiver.iscsi.pdu.DataPdu;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import java.util.concurrent.RejectedExecutionException;

/**
 * The target-to-initiator side of one connection: numbers what it sends with the connection's StatSN
 * (RFC 7143, 4.2.2.2), stamps ExpCmdSN and MaxCmdSN from the session's command window (from the first Login
 * Request's CmdSN before the session exists), writes, and coalesces flushes to one per event-loop turn.
 * Allocation-free per PDU; applies TCP back-pressure to an initiator that does not read. Used on the
 * connection's event loop only.
 */
final class PduTransmitter {

    private final ChannelHandlerContext ctx;
    private final LoginPhase login;
    private CommandWindow window;
    private int statSn;
    /** Between channelRead and channelReadComplete: the read burst's end flushes. */
    private boolean reading;
    private boolean flushScheduled;
    private final Runnable scheduledFlush = () -> {
        flushScheduled = false;
        flush();
    };

    PduTransmitter(ChannelHandlerContext ctx, LoginPhase login) {
        this.ctx = ctx;
        this.login = login;
    }

    /** The session opened: from now on its command window is advertised. */
    void windowOpened(CommandWindow w) {
        window = w;
    }

    /**
     * Sends a PDU (written, not flushed): fills in StatSN (advancing it for PDUs that carry status),
     * ExpCmdSN and MaxCmdSN.
     */
    void send(IscsiPdu pdu) {
        Opcode op = pdu.opcode();
        boolean advances = op != Opcode.READY_TO_TRANSFER && op != Opcode.SCSI_DATA_IN
                && !(op == Opcode.NOP_IN && pdu.initiatorTaskTag() == IscsiPdu.RESERVED_TAG)
                || DataPdu.carriesStatus(pdu);
        if (op != Opcode.SCSI_DATA_IN || advances) {
            pdu.setInt(24, advances ? statSn++ : statSn);
        }
        CommandWindow w = window;
        int exp = w == null ? login.initialCmdSn() : w.expCmdSn();
        pdu.setInt(28, exp).setInt(32, w == null ? exp : w.maxCmdSn());
        ctx.write(pdu, ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    /**
     * Flushes once per event-loop turn instead of once per PDU: inside a read burst the burst's end flushes
     * (channelReadComplete); otherwise one flush task goes behind the tasks already queued, so completions
     * that arrive together from device threads leave in one write.
     */
    void flushSoon() {
        if (reading || flushScheduled) {
            return;
        }
        flushScheduled = true;
        try {
            ctx.executor().execute(scheduledFlush);
        } catch (RejectedExecutionException e) {
            scheduledFlush.run();
        }
    }

    /** Flushes what is written, then closes the connection. */
    void flushAndClose() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Stops reading while the outbound buffer is above its high watermark: an initiator that does not read its
     * responses then stops being read and TCP pushes back on it, instead of the target queueing answers.
     */
    void writabilityChanged() {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    }

    void readStarted() {
        reading = true;
    }

    /** The read burst ended: one flush for everything it answered. */
    void readComplete() {
        reading = false;
        flush();
    }
}
