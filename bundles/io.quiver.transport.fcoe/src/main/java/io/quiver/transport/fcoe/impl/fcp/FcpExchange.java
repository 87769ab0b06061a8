package io.quiver.transport.fcoe.impl.fcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.ScsiCommand;
import io.quiver.transport.fcoe.impl.els.ExchangeStatus;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.FrameControl;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One FCP exchange as the core's {@link ScsiCommand} (SCST's {@code fcst} command): data-out is asked for
 * in bursts of at most the channel's maximum burst size, one FCP_XFER_RDY each, and gathered from FCP_DATA
 * frames by relative offset, in any order and fragmentation ({@link DataOut}); data-in leaves as one FCP_DATA
 * sequence, then the FCP_RSP with residuals and sense.
 * The task tag is the OX_ID. Thread-safe: data frames arrive on the receive thread, the core calls from its own.
 */
public final class FcpExchange implements ScsiCommand {

    private final FcpChannel channel;
    private final int oxId;
    private final int rxId;
    private final long lun;
    private final ByteBuf cdb;
    private final TaskAttribute attribute;
    private final DataDirection direction;
    private final long dataLength;
    private int seqId;
    /** The data-out being received, while it is. */
    private DataOut dataOut;
    /** Whether an FCP_XFER_RDY passed the sequence initiative on and its data is not all in. */
    private boolean waiting;
    private int received;
    private long sent;
    private boolean aborted;
    private boolean finished;

    /** Copies the CDB out of the frame (the receive buffer is reused) into a pooled buffer of its own. */
    public FcpExchange(FcpChannel channel, int oxId, int rxId, FcpCommand command) {
        this.channel = channel;
        this.oxId = oxId;
        this.rxId = rxId;
        this.lun = command.lun();
        this.cdb = ByteBufAllocator.DEFAULT.directBuffer(command.cdb().readableBytes()).writeBytes(command.cdb(),
                command.cdb().readerIndex(), command.cdb().readableBytes());
        this.attribute = command.attribute();
        this.direction = command.direction();
        this.dataLength = command.dataLength();
    }

    public int oxId() {
        return oxId;
    }

    public int rxId() {
        return rxId;
    }

    @Override
    public long lun() {
        return lun;
    }

    @Override
    public ByteBuf cdb() {
        return cdb;
    }

    @Override
    public long tag() {
        return oxId;
    }

    @Override
    public TaskAttribute taskAttribute() {
        return attribute;
    }

    @Override
    public DataDirection direction() {
        return direction;
    }

    @Override
    public long expectedDataTransferLength() {
        return dataLength;
    }

    @Override
    public CompletionStage<ByteBuf> receiveDataOut(int length) {
        DataOut d;
        synchronized (this) {
            if (aborted || finished || dataOut != null) {
                return CompletableFuture.failedFuture(new IllegalStateException("exchange 0x"
                        + Integer.toHexString(oxId) + " cannot receive data-out"));
            }
            d = new DataOut(length, Math.max(1, channel.maxBurst()));
            if (length == 0) {
                return CompletableFuture.completedFuture(d.take());
            }
            dataOut = d;
            waiting = true;
        }
        transferReady(d);
        return d.done;
    }

    /**
     * FCP_XFER_RDY for the next burst (its relative offset, at most the maximum burst size), as a sequence of
     * its own that passes the sequence initiative to the initiator for its FCP_DATA.
     */
    private void transferReady(DataOut d) {
        ByteBuf ready;
        synchronized (this) {
            int offset = d.nextBurst();
            ready = FcpResponse.transferReady(offset, d.burstLength());
        }
        try {
            channel.sequence(oxId, rxId, nextSeqId(), FcHeader.R_CTL_XFER_RDY, FrameControl.SEQUENCE_INITIATIVE,
                    ready, ready.readerIndex(), ready.readableBytes(), -1);
        } finally {
            ready.release();
        }
    }

    /**
     * One FCP_DATA frame of the initiator's data-out. When it ends a burst the next FCP_XFER_RDY goes out, or
     * the whole data-out to the core. Data past the current burst's end is an FCP-4 error: the core gets a
     * failed data-out and ends the command with CHECK CONDITION (ABORTED COMMAND, DATA PHASE ERROR); later
     * frames and frames without a pending request are dropped.
     */
    public void data(FcHeader header, ByteBuf payload) {
        DataOut d;
        DataOut.Step step;
        synchronized (this) {
            d = dataOut;
            if (d == null || !waiting) {
                return;
            }
            int offset = (header.fCtl() & FrameControl.RELATIVE_OFFSET) != 0 ? header.parameter() : d.contiguous();
            step = d.add(offset, payload);
            received = d.received();
            if (step == DataOut.Step.COMPLETE || step == DataOut.Step.OVERRUN) {
                waiting = false;
                dataOut = null;
            }
        }
        switch (step) {
            case NEXT_BURST -> transferReady(d);
            case COMPLETE -> d.done.complete(d.take());
            case OVERRUN -> {
                d.discard();
                d.done.completeExceptionally(new IllegalStateException("FCP_DATA past the end of the burst of "
                        + "exchange 0x" + Integer.toHexString(oxId)));
            }
            default -> {
                // the burst goes on
            }
        }
    }

    @Override
    public void complete(CommandResponse response) {
        synchronized (this) {
            finished = true;
        }
        ByteBuf in = response.dataIn();
        try {
            if (response.isAborted() || isAborted()) {
                return;
            }
            int sent = 0;
            if (in != null && direction == DataDirection.IN) {
                sent = (int) Math.min(in.readableBytes(), dataLength);
                if (sent > 0) {
                    channel.sequence(oxId, rxId, nextSeqId(), FcHeader.R_CTL_DATA, 0, in, in.readerIndex(), sent, 0);
                    synchronized (this) {
                        this.sent = sent;
                    }
                }
            }
            long moved = direction == DataDirection.OUT ? received : sent;
            long residual = response.transferLength() > dataLength ? dataLength - response.transferLength()
                    : dataLength - moved;
            byte[] sense = response.sense() == null ? new byte[0] : response.sense().toBytes(response.descriptorSense());
            ByteBuf rsp = FcpResponse.command(response.status().code(), residual, sense);
            try {
                channel.sequence(oxId, rxId, nextSeqId(), FcHeader.R_CTL_FCP_RSP, FrameControl.LAST_SEQUENCE, rsp,
                        rsp.readerIndex(), rsp.readableBytes(), -1);
            } finally {
                rsp.release();
            }
        } finally {
            if (in != null) {
                in.release();
            }
            release();
            channel.finished(this);
        }
    }

    /**
     * The exchange's state for REC: the responder bit always; the sequence initiative unless the target waits
     * for the initiator's data-out (FCP_XFER_RDY passed it on); complete once the FCP_RSP is on its way;
     * abnormal once aborted. The data transfer count is the data-out received without a gap from offset 0 (what
     * an SRR would ask to resume from) or the data-in sent.
     */
    public synchronized ExchangeStatus status() {
        int eStat = ExchangeStatus.RESPONDER;
        if (!waiting) {
            eStat |= ExchangeStatus.SEQUENCE_INITIATIVE;
        }
        if (finished || aborted) {
            eStat |= ExchangeStatus.COMPLETE;
        }
        if (aborted) {
            eStat |= ExchangeStatus.ABNORMAL;
        }
        return new ExchangeStatus(rxId, direction == DataDirection.OUT ? (dataOut == null ? received : dataOut.contiguous()) : sent,
                eStat);
    }

    /** ABTS or I_T nexus loss: nothing more is sent; a pending data-out request fails. */
    public void abort() {
        DataOut d;
        synchronized (this) {
            aborted = true;
            d = dataOut;
            dataOut = null;
            waiting = false;
        }
        if (d != null) {
            d.discard();
            d.done.completeExceptionally(new IllegalStateException("exchange 0x" + Integer.toHexString(oxId) + " aborted"));
        }
    }

    private synchronized boolean isAborted() {
        return aborted;
    }

    private synchronized int nextSeqId() {
        return seqId++ & 0xFF;
    }

    private void release() {
        DataOut d;
        synchronized (this) {
            d = dataOut;
            dataOut = null;
            waiting = false;
        }
        if (d != null) {
            d.discard();
        }
        if (cdb.refCnt() > 0) {
            cdb.release();
        }
    }
}
