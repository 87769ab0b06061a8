package io.quiver.transport.srp.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.ScsiCommand;
import io.quiver.transport.srp.iu.CommandIu;
import io.quiver.transport.srp.iu.DataBuffer;
import io.quiver.transport.srp.iu.DirectBuffer;
import io.quiver.transport.srp.iu.ResponseIu;
import io.quiver.transport.srp.iu.Srp;
import io.quiver.transport.srp.iu.SrpProtocolException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One SRP_CMD as the core's {@link ScsiCommand} (SCST's {@code srpt_send_ioctx}). It keeps the received IU
 * (its CDB and immediate data are slices of it) until it completes. Data-out comes from immediate data as a
 * retained slice, or by RDMA READs of the data-out descriptors into one registered buffer; data-in leaves by
 * RDMA WRITEs over the data-in descriptors, then the SRP_RSP with residuals follows on the same queue pair.
 *
 * <p>Thread-safe: the getters return values fixed at construction; {@link #receiveDataOut} and
 * {@link #complete} are each called once by the core.
 */
final class SrpCommand implements ScsiCommand {

    private final SrpChannel channel;
    private final CommandIu iu;
    private final ByteBuf received;

    private SrpCommand(SrpChannel channel, CommandIu iu, ByteBuf received) {
        this.channel = channel;
        this.iu = iu;
        this.received = received;
    }

    /**
     * Submits a decoded command to the nexus' session; takes over {@code received} when it returns true.
     *
     * @throws SrpProtocolException for what the core's {@link ScsiCommand} cannot express (bidirectional data)
     */
    static boolean submit(SrpChannel channel, CommandIu iu, ByteBuf received) throws SrpProtocolException {
        if (iu.direction() == DataDirection.BIDIRECTIONAL) {
            throw SrpProtocolException.invalidCommand(iu.tag(), "DATA-IN BUFFER DESCRIPTOR FORMAT",
                    "bidirectional commands are not supported");
        }
        channel.session().submit(new SrpCommand(channel, iu, received));
        return true;
    }

    @Override
    public long lun() {
        return iu.lun();
    }

    @Override
    public ByteBuf cdb() {
        return iu.cdb();
    }

    @Override
    public long tag() {
        return iu.tag();
    }

    @Override
    public TaskAttribute taskAttribute() {
        return iu.taskAttribute();
    }

    @Override
    public DataDirection direction() {
        return iu.direction();
    }

    @Override
    public long expectedDataTransferLength() {
        return iu.expectedDataTransferLength();
    }

    @Override
    public CompletionStage<ByteBuf> receiveDataOut(int length) {
        DataBuffer out = iu.dataOut();
        if (length > out.length()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(length + " bytes of data-out asked, "
                    + out.length() + " announced"));
        }
        if (out.format() == DataBuffer.IMMEDIATE) {
            ByteBuf data = out.immediateData();
            return CompletableFuture.completedFuture(data.retainedSlice(data.readerIndex(), length));
        }
        ByteBuf target = channel.wire().allocator().directBuffer(length, length);
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        int offset = 0;
        for (DirectBuffer segment : out.segments()) {
            int n = (int) Math.min(segment.length(), length - offset);
            if (n <= 0) {
                break;
            }
            ByteBuf window = target.slice(offset, n).writerIndex(0);
            all = CompletableFuture.allOf(all,
                    channel.wire().rdmaRead(window, segment.address(), segment.key(), n).toCompletableFuture());
            offset += n;
        }
        return all.handle((ok, failure) -> {
            if (failure != null) {
                target.release();
                throw new IllegalStateException("RDMA READ of data-out failed for tag 0x" + Long.toHexString(tag()),
                        failure);
            }
            return target.writerIndex(length);
        });
    }

    @Override
    public void complete(CommandResponse response) {
        received.release();
        if (response.isAborted()) {
            channel.dropped();
            return;
        }
        ByteBuf dataIn = response.dataIn();
        long expected = iu.expectedDataTransferLength();
        long dataInResidual = 0;
        long dataOutResidual = 0;
        if (iu.direction() == DataDirection.IN) {
            dataInResidual = expected - response.transferLength();
            if (dataIn != null) {
                writeDataIn(dataIn, (int) Math.min(dataIn.readableBytes(), expected));
                dataIn = null;
            }
        } else if (iu.direction() == DataDirection.OUT) {
            dataOutResidual = expected - response.transferLength();
        }
        if (dataIn != null) {
            // data-in for a command that announced no data-in buffer: none of it fits
            dataInResidual = -dataIn.readableBytes();
            dataIn.release();
        }
        ByteBuf sense = Unpooled.EMPTY_BUFFER;
        if (response.sense() != null) {
            byte[] bytes = response.sense().toBytes(response.descriptorSense());
            int room = channel.limits().maxTiIuLength() - Srp.RSP_LENGTH;
            sense = Unpooled.wrappedBuffer(bytes, 0, Math.min(bytes.length, room));
        }
        long doRes = dataOutResidual;
        long diRes = dataInResidual;
        ByteBuf senseBytes = sense;
        channel.respond(delta -> ResponseIu.command(iu.tag(), delta, response.status().code(), senseBytes, doRes, diRes));
    }

    /** RDMA WRITEs the first {@code length} bytes of {@code data} over the data-in segments; takes it over. */
    private void writeDataIn(ByteBuf data, int length) {
        try {
            int offset = data.readerIndex();
            int left = length;
            for (DirectBuffer segment : iu.dataIn().segments()) {
                int n = (int) Math.min(segment.length(), left);
                if (n <= 0) {
                    break;
                }
                channel.wire().rdmaWrite(data.retainedSlice(offset, n), segment.address(), segment.key());
                offset += n;
                left -= n;
            }
        } finally {
            data.release();
        }
    }
}
