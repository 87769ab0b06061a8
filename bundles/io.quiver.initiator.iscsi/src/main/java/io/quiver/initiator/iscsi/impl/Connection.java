package io.quiver.initiator.iscsi.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.quiver.initiator.iscsi.ConnectionLostException;
import io.quiver.initiator.iscsi.ScsiResult;
import io.quiver.initiator.iscsi.TaskAbortedException;
import io.quiver.iscsi.codec.MalformedPdu;
import io.quiver.iscsi.codec.PduDecoder;
import io.quiver.iscsi.codec.PduEncoder;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import io.quiver.iscsi.pdu.ScsiCommandPdu;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One initiator connection (RFC 7143): runs the {@link LoginExchange}, then the full feature phase: sends SCSI
 * Command PDUs within the CmdSN window (queueing the rest), immediate and unsolicited data and Data-Out for
 * R2Ts, collects Data-In and SCSI Responses, answers NOP-In pings, and logs out. When the channel closes every
 * command in flight fails with {@link ConnectionLostException}. All methods run on the channel's event loop.
 */
public final class Connection extends ChannelInboundHandlerAdapter {

    private static final int FINAL = 0x80;

    private final LoginExchange login;
    private final SequenceNumbers sn = new SequenceNumbers();
    private final Map<Integer, Task> tasks = new HashMap<>();
    private final ArrayDeque<Task> waiting = new ArrayDeque<>();
    private final Map<Integer, Tmf> tmfs = new HashMap<>();

    /** A task management request in flight: what it names, and its caller's future (the response code). */
    private record Tmf(int function, long lun, Task referenced, CompletableFuture<Integer> result) {
    }
    private final CompletableFuture<Map<String, String>> loggedIn = new CompletableFuture<>();
    private final CompletableFuture<Void> loggedOut = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private boolean fullFeature;
    private int nextItt = 1;
    private int targetMaxRecv = 8192;
    private int firstBurst;
    private boolean immediateData;
    private boolean initialR2T;

    public Connection(io.quiver.initiator.iscsi.SessionSettings settings, long isid) {
        this.login = new LoginExchange(settings, isid);
    }

    /** Completes with the negotiated values when the full feature phase starts. */
    public CompletableFuture<Map<String, String>> loggedIn() {
        return loggedIn;
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        ctx = c;
        c.writeAndFlush(login.first(c.alloc(), sn));
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        if (msg instanceof MalformedPdu m) {
            m.release();
            c.close();
            return;
        }
        IscsiPdu pdu = (IscsiPdu) msg;
        try {
            if (!fullFeature) {
                loginResponse(pdu);
            } else {
                received(pdu);
            }
        } catch (IOException e) {
            loggedIn.completeExceptionally(e);
            c.close();
        } finally {
            pdu.release();
        }
    }

    private void loginResponse(IscsiPdu pdu) throws IOException {
        if (pdu.opcode() != Opcode.LOGIN_RESPONSE) {
            throw new IOException("expected a Login Response, got " + pdu);
        }
        IscsiPdu next = login.next(pdu, ctx.alloc(), sn);
        if (next != null) {
            ctx.writeAndFlush(next);
            return;
        }
        Map<String, String> v = login.negotiated();
        targetMaxRecv = Integer.parseInt(v.get("MaxRecvDataSegmentLength"));
        firstBurst = Math.min(Integer.parseInt(v.get("FirstBurstLength")), Integer.parseInt(v.get("MaxBurstLength")));
        immediateData = "Yes".equals(v.get("ImmediateData"));
        initialR2T = "Yes".equals(v.get("InitialR2T"));
        boolean hd = "CRC32C".equals(v.get("HeaderDigest"));
        boolean dd = "CRC32C".equals(v.get("DataDigest"));
        PduDecoder decoder = ctx.pipeline().get(PduDecoder.class);
        decoder.setHeaderDigest(hd);
        decoder.setDataDigest(dd);
        decoder.setMaxRecvDataSegmentLength(SequenceNumbers.MAX_RECV_DATA_SEGMENT_LENGTH);
        PduEncoder encoder = ctx.pipeline().get(PduEncoder.class);
        encoder.setHeaderDigest(hd);
        encoder.setDataDigest(dd);
        fullFeature = true;
        loggedIn.complete(Map.copyOf(v));
    }

    /** Queues or sends one command; takes ownership of {@code cdb} and {@code dataOut}. */
    public void submit(long lun, ByteBuf cdb, boolean read, int expectedLength, ByteBuf dataOut,
            CompletableFuture<ScsiResult> result) {
        Task t = new Task(nextItt++ & 0x7FFFFFFF, lun, cdb, read, expectedLength, dataOut, result);
        if (!ctx.channel().isActive()) {
            t.release(true);
            result.completeExceptionally(new ConnectionLostException("not connected"));
            return;
        }
        waiting.add(t);
        drain();
        ctx.flush();
    }

    private void drain() {
        while (!waiting.isEmpty() && sn.windowOpen()) {
            send(waiting.poll());
        }
    }

    private void send(Task t) {
        tasks.put(t.itt, t);
        int outLength = t.dataOut == null ? 0 : t.dataOut.readableBytes();
        int immediate = immediateData ? Math.min(outLength, Math.min(firstBurst, targetMaxRecv)) : 0;
        int unsolicited = initialR2T ? immediate : Math.min(outLength, firstBurst);
        // W follows the caller's data-out even when it is empty: a write with Expected Data Transfer Length 0
        // is still a write, and targets report its residual overflow only then.
        int flags = (unsolicited > immediate ? 0 : FINAL) | (t.read ? 0x40 : 0) | (t.dataOut != null ? 0x20 : 0) | 1;
        IscsiPdu cmd = IscsiPdu.create(ctx.alloc(), Opcode.SCSI_COMMAND, flags,
                immediate > 0 ? t.dataOut.retainedSlice(t.dataOut.readerIndex(), immediate) : null);
        if (t.cdb.readableBytes() > 16) {
            cmd = withExtendedCdb(cmd, t.cdb);
        }
        cmd.setLun(t.lun).setInitiatorTaskTag(t.itt).setInt(20, t.expectedLength);
        t.cmdSn = sn.nextCmdSn();
        cmd.setInt(24, t.cmdSn).setInt(28, sn.expStatSn());
        int cdbLength = Math.min(16, t.cdb.readableBytes());
        cmd.bhs().setBytes(cmd.bhs().readerIndex() + 32, t.cdb, t.cdb.readerIndex(), cdbLength);
        ctx.write(cmd);
        if (unsolicited > immediate) {
            dataOut(t, 0xFFFFFFFF, immediate, unsolicited - immediate);
        }
    }

    /** The CDB bytes beyond 16 go in an Extended CDB AHS (RFC 7143, 11.3.1.2): 32-byte CDBs and the like. */
    private IscsiPdu withExtendedCdb(IscsiPdu cmd, ByteBuf cdb) {
        int extra = cdb.readableBytes() - 16;
        ByteBuf ahs = ctx.alloc().directBuffer(4 + extra + 3);
        ahs.writeShort(extra + 1).writeByte(ScsiCommandPdu.AHS_EXTENDED_CDB).writeByte(0);
        ahs.writeBytes(cdb, cdb.readerIndex() + 16, extra);
        ahs.writeZero((4 - (ahs.readableBytes() & 3)) & 3);
        IscsiPdu extended = new IscsiPdu(cmd.bhs().retain(), ahs, cmd.data().retain());
        cmd.release();
        return extended;
    }

    private void dataOut(Task t, int ttt, int offset, int length) {
        int dataSn = 0;
        for (int done = 0; done < length; ) {
            int n = Math.min(targetMaxRecv, length - done);
            boolean last = done + n == length;
            IscsiPdu d = IscsiPdu.create(ctx.alloc(), Opcode.SCSI_DATA_OUT, last ? FINAL : 0,
                    t.dataOut.retainedSlice(t.dataOut.readerIndex() + offset + done, n));
            d.setLun(t.lun).setInitiatorTaskTag(t.itt).setInt(20, ttt).setInt(28, sn.expStatSn())
                    .setInt(36, dataSn++).setInt(40, offset + done);
            ctx.write(d);
            done += n;
        }
    }

    private void received(IscsiPdu pdu) {
        Opcode op = pdu.opcode();
        if (op != Opcode.SCSI_DATA_IN || (pdu.flags() & 1) != 0) {
            sn.window(pdu.intAt(28), pdu.intAt(32));
        }
        switch (op) {
            case SCSI_DATA_IN -> dataIn(pdu);
            case SCSI_RESPONSE -> response(pdu);
            case READY_TO_TRANSFER -> {
                Task t = tasks.get(pdu.initiatorTaskTag());
                if (t != null && t.dataOut != null) {
                    int offset = pdu.intAt(40);
                    int length = Math.min(pdu.intAt(44), t.dataOut.readableBytes() - offset);
                    dataOut(t, pdu.intAt(20), offset, Math.max(0, length));
                }
            }
            case NOP_IN -> {
                if (pdu.intAt(20) != 0xFFFFFFFF) {
                    // A ping from the target: echo its TTT and data in an immediate NOP-Out (RFC 7143, 11.18).
                    IscsiPdu out = IscsiPdu.create(ctx.alloc(), Opcode.NOP_OUT, FINAL, pdu.data().retainedSlice());
                    out.setImmediate(true).setLun(pdu.lun()).setInitiatorTaskTag(0xFFFFFFFF).setInt(20, pdu.intAt(20))
                            .setInt(24, sn.cmdSn()).setInt(28, sn.expStatSn());
                    ctx.write(out);
                }
            }
            case TASK_MANAGEMENT_RESPONSE -> tmfResponse(pdu);
            case LOGOUT_RESPONSE -> {
                sn.statusReceived(pdu.intAt(24));
                loggedOut.complete(null);
                ctx.close();
            }
            case ASYNCHRONOUS_MESSAGE -> {
                if (pdu.byteAt(36) == 1) {
                    logout();
                } else if (pdu.byteAt(36) == 2 || pdu.byteAt(36) == 3) {
                    ctx.close();
                }
            }
            case REJECT -> {
                Task t = pdu.data().readableBytes() >= 20 ? tasks.remove(pdu.data().getInt(pdu.data().readerIndex() + 16)) : null;
                if (t != null) {
                    t.release(true);
                    t.result.completeExceptionally(new IOException("target rejected the command, reason 0x"
                            + Integer.toHexString(pdu.byteAt(2))));
                }
            }
            default -> {
            }
        }
        drain();
        ctx.flush();
    }

    private void dataIn(IscsiPdu pdu) {
        Task t = tasks.get(pdu.initiatorTaskTag());
        if (t == null) {
            return;
        }
        if (t.dataIn == null) {
            t.dataIn = ctx.alloc().compositeDirectBuffer(Integer.MAX_VALUE);
        }
        t.dataIn.addComponent(true, pdu.data().retainedSlice());
        if ((pdu.flags() & 1) != 0) {
            sn.statusReceived(pdu.intAt(24));
            finish(t, pdu.byteAt(3), Unpooled.EMPTY_BUFFER, pdu);
        }
    }

    private void response(IscsiPdu pdu) {
        sn.statusReceived(pdu.intAt(24));
        Task t = tasks.get(pdu.initiatorTaskTag());
        if (t == null) {
            return;
        }
        ByteBuf data = pdu.data();
        ByteBuf sense = Unpooled.EMPTY_BUFFER;
        if (data.readableBytes() >= 2) {
            int length = Math.min(data.getUnsignedShort(data.readerIndex()), data.readableBytes() - 2);
            sense = data.retainedSlice(data.readerIndex() + 2, length);
        }
        finish(t, pdu.byteAt(3), sense, pdu);
    }

    private void finish(Task t, int status, ByteBuf sense, IscsiPdu pdu) {
        tasks.remove(t.itt);
        t.release(false);
        ByteBuf dataIn = t.dataIn == null ? Unpooled.EMPTY_BUFFER : t.dataIn;
        int flags = pdu.flags();
        ScsiResult r = new ScsiResult(status, sense, dataIn, pdu.intAt(44), (flags & 0x02) != 0, (flags & 0x04) != 0);
        if (!t.result.complete(r)) {
            r.release();
        }
    }

    /**
     * Sends a task management function (RFC 7143, 11.5): ABORT TASK (1) naming the task whose future is
     * {@code referenced}, or LOGICAL UNIT RESET (5) for {@code lun}; completes {@code result} with the
     * response code. Tasks the function ended fail with {@link TaskAbortedException}.
     */
    public void taskManagement(int function, long lun, CompletableFuture<ScsiResult> referenced,
            CompletableFuture<Integer> result) {
        Task ref = null;
        if (referenced != null) {
            ref = tasks.values().stream().filter(t -> t.result == referenced).findFirst().orElse(null);
            if (ref == null) {
                Task queued = waiting.stream().filter(t -> t.result == referenced).findFirst().orElse(null);
                if (queued != null) {
                    // Never sent: it ends here without troubling the target.
                    waiting.remove(queued);
                    queued.release(true);
                    queued.result.completeExceptionally(new TaskAbortedException("aborted before it was sent"));
                }
                result.complete(queued == null ? 1 : 0);
                return;
            }
        }
        int itt = nextItt++ & 0x7FFFFFFF;
        tmfs.put(itt, new Tmf(function, lun, ref, result));
        IscsiPdu p = IscsiPdu.create(ctx.alloc(), Opcode.TASK_MANAGEMENT_REQUEST, FINAL | function, null);
        p.setImmediate(true).setLun(lun).setInitiatorTaskTag(itt).setInt(20, ref == null ? 0xFFFFFFFF : ref.itt)
                .setInt(24, sn.cmdSn()).setInt(28, sn.expStatSn()).setInt(32, ref == null ? sn.cmdSn() : ref.cmdSn);
        ctx.writeAndFlush(p);
    }

    private void tmfResponse(IscsiPdu pdu) {
        sn.statusReceived(pdu.intAt(24));
        Tmf tmf = tmfs.remove(pdu.initiatorTaskTag());
        if (tmf == null) {
            return;
        }
        int response = pdu.byteAt(2);
        if (response == 0) {
            // FUNCTION COMPLETE: the target ended the named tasks and will send nothing more for them.
            tasks.values().removeIf(t -> {
                boolean ended = tmf.referenced() == null ? t.lun == tmf.lun() : t == tmf.referenced();
                if (ended) {
                    t.release(true);
                    t.result.completeExceptionally(new TaskAbortedException("ended by task management function "
                            + tmf.function()));
                }
                return ended;
            });
        }
        tmf.result().complete(response);
    }

    /** Sends a Logout Request (close the session); completes when the target answered and the channel closed. */
    public CompletableFuture<Void> logout() {
        if (!fullFeature || !ctx.channel().isActive()) {
            ctx.close();
            loggedOut.complete(null);
            return loggedOut;
        }
        IscsiPdu out = IscsiPdu.create(ctx.alloc(), Opcode.LOGOUT_REQUEST, FINAL, null);
        out.setImmediate(true).setInitiatorTaskTag(0x7FFFFFFF).setShort(20, 0).setInt(24, sn.cmdSn())
                .setInt(28, sn.expStatSn());
        ctx.writeAndFlush(out);
        return loggedOut;
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        ConnectionLostException lost = new ConnectionLostException("connection to the target lost");
        loggedIn.completeExceptionally(lost);
        loggedOut.complete(null);
        for (Task t : tasks.values()) {
            t.release(true);
            t.result.completeExceptionally(lost);
        }
        tasks.clear();
        for (Task t : waiting) {
            t.release(true);
            t.result.completeExceptionally(lost);
        }
        waiting.clear();
        tmfs.values().forEach(t -> t.result().completeExceptionally(lost));
        tmfs.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        c.close();
    }
}
