package io.quiver.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A reusable {@link DeviceTask} for benchmarks: one READ (10) or WRITE (10) CDB, data-out already there (as
 * immediate data is), data-in released on completion. Its own allocation is none per run beyond the
 * completed stage and the retained duplicate, so what {@code -prof gc} reports is the device's. Not
 * thread-safe: one per benchmark thread.
 */
final class BenchTask implements DeviceTask, AutoCloseable {

    private final ByteBuf cdb;
    private final ByteBuf dataOut;
    private final int length;
    private ScsiStatus status;

    BenchTask(int opcode, long lba, int blocks, int blockSize, ByteBuf dataOut) {
        this.cdb = PooledByteBufAllocator.DEFAULT.directBuffer(10);
        cdb.writeByte(opcode).writeByte(0).writeInt((int) lba).writeByte(0).writeShort(blocks).writeByte(0);
        this.dataOut = dataOut;
        this.length = blocks * blockSize;
    }

    BenchTask reset() {
        status = null;
        return this;
    }

    ScsiStatus status() {
        if (status != ScsiStatus.GOOD) {
            throw new IllegalStateException("command ended with " + status);
        }
        return status;
    }

    @Override
    public ByteBuf cdb() {
        return cdb;
    }

    @Override
    public int opcode() {
        return cdb.getUnsignedByte(cdb.readerIndex());
    }

    @Override
    public long nexusId() {
        return 1;
    }

    @Override
    public int lun() {
        return 0;
    }

    @Override
    public DataDirection direction() {
        return dataOut == null ? DataDirection.IN : DataDirection.OUT;
    }

    @Override
    public long expectedDataTransferLength() {
        return length;
    }

    @Override
    public boolean writeProtected() {
        return false;
    }

    @Override
    public ByteBufAllocator alloc() {
        return PooledByteBufAllocator.DEFAULT;
    }

    @Override
    public CompletionStage<ByteBuf> receiveDataOut(int requested) {
        return CompletableFuture.completedFuture(dataOut.retainedSlice(dataOut.readerIndex(), requested));
    }

    @Override
    public boolean isAborted() {
        return false;
    }

    @Override
    public void complete() {
        status = ScsiStatus.GOOD;
    }

    @Override
    public void complete(ByteBuf dataIn) {
        dataIn.release();
        status = ScsiStatus.GOOD;
    }

    @Override
    public void complete(ScsiStatus s, SenseData sense, ByteBuf dataIn, long transferLength) {
        if (dataIn != null) {
            dataIn.release();
        }
        status = s;
    }

    @Override
    public void fail(SenseData sense) {
        status = ScsiStatus.CHECK_CONDITION;
    }

    @Override
    public void close() {
        cdb.release();
        if (dataOut != null) {
            dataOut.release();
        }
    }
}
