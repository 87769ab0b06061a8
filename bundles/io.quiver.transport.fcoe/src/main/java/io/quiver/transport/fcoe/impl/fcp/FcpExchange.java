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
 * with one FCP_XFER_RDY for the whole transfer and gathered from FCP_DATA frames by relative offset, in any
 * fragmentation; data-in leaves as one FCP_DATA sequence, then the FCP_RSP with residuals and sense.
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
    private ByteBuf dataOut;
    private int wanted;
    private int received;
    private long sent;
    private CompletableFuture<ByteBuf> dataOutDone;
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
        CompletableFuture<ByteBuf> done = new CompletableFuture<>();
        synchronized (this) {
            if (aborted || finished || dataOut != null) {
                return CompletableFuture.failedFuture(new IllegalStateException("exchange 0x"
                        + Integer.toHexString(oxId) + " cannot receive data-out"));
            }
            dataOut = ByteBufAllocator.DEFAULT.directBuffer(length);
            wanted = length;
            dataOutDone = done;
            if (length == 0) {
                return complete();
            }
        }
        ByteBuf ready = FcpResponse.transferReady(0, length);
        try {
            channel.sequence(oxId, rxId, nextSeqId(), FcHeader.R_CTL_XFER_RDY, FrameControl.SEQUENCE_INITIATIVE,
                    ready, ready.readerIndex(), ready.readableBytes(), -1);
        } finally {
            ready.release();
        }
        return done;
    }

    /**
     * One FCP_DATA frame of the initiator's data-out: copied to its relative offset. Frames outside the
     * requested burst, or without a pending request, are dropped.
     */
    public void data(FcHeader header, ByteBuf payload) {
        CompletableFuture<ByteBuf> done;
        ByteBuf complete;
        synchronized (this) {
            int offset = (header.fCtl() & FrameControl.RELATIVE_OFFSET) != 0 ? header.parameter() : received;
            int length = payload.readableBytes();
            if (dataOut == null || dataOutDone == null || offset < 0 || offset + length > wanted) {
                return;
            }
            dataOut.setBytes(offset, payload, payload.readerIndex(), length);
            received += length;
            if (received < wanted) {
                return;
            }
            done = dataOutDone;
            complete = dataOut.writerIndex(wanted);
            dataOutDone = null;
            dataOut = null;
        }
        done.complete(complete);
    }

    private CompletionStage<ByteBuf> complete() {
        CompletableFuture<ByteBuf> done = dataOutDone;
        dataOutDone = null;
        ByteBuf b = dataOut;
        dataOut = null;
        done.complete(b);
        return done;
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
     * abnormal once aborted. The data transfer count is the data-out received or the data-in sent.
     */
    public synchronized ExchangeStatus status() {
        int eStat = ExchangeStatus.RESPONDER;
        if (dataOutDone == null) {
            eStat |= ExchangeStatus.SEQUENCE_INITIATIVE;
        }
        if (finished || aborted) {
            eStat |= ExchangeStatus.COMPLETE;
        }
        if (aborted) {
            eStat |= ExchangeStatus.ABNORMAL;
        }
        return new ExchangeStatus(rxId, direction == DataDirection.OUT ? received : sent, eStat);
    }

    /** ABTS or I_T nexus loss: nothing more is sent; a pending data-out request fails. */
    public void abort() {
        CompletableFuture<ByteBuf> done;
        synchronized (this) {
            aborted = true;
            done = dataOutDone;
            dataOutDone = null;
            if (dataOut != null) {
                dataOut.release();
                dataOut = null;
            }
        }
        if (done != null) {
            done.completeExceptionally(new IllegalStateException("exchange 0x" + Integer.toHexString(oxId) + " aborted"));
        }
    }

    private synchronized boolean isAborted() {
        return aborted;
    }

    private synchronized int nextSeqId() {
        return seqId++ & 0xFF;
    }

    private void release() {
        synchronized (this) {
            if (dataOut != null) {
                dataOut.release();
                dataOut = null;
            }
        }
        if (cdb.refCnt() > 0) {
            cdb.release();
        }
    }
}
