package io.quiver.handler.cdrom.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A device task as the core would hand it over, recording how the device ended it. Owns its CDB buffer. */
final class TestTask implements DeviceTask, AutoCloseable {

    private final ByteBuf cdb;
    int completions;
    ScsiStatus status;
    SenseData sense;
    ByteBuf data;

    TestTask(int... cdbBytes) {
        cdb = ByteBufAllocator.DEFAULT.directBuffer(cdbBytes.length);
        for (int b : cdbBytes) {
            cdb.writeByte(b);
        }
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
    public int lun() {
        return 0;
    }

    @Override
    public DataDirection direction() {
        return DataDirection.IN;
    }

    @Override
    public long expectedDataTransferLength() {
        return 1 << 20;
    }

    @Override
    public boolean writeProtected() {
        return false;
    }

    @Override
    public ByteBufAllocator alloc() {
        return ByteBufAllocator.DEFAULT;
    }

    @Override
    public CompletionStage<ByteBuf> receiveDataOut(int length) {
        return CompletableFuture.failedFuture(new IllegalStateException("no data-out in these tests"));
    }

    @Override
    public boolean isAborted() {
        return false;
    }

    @Override
    public void complete() {
        complete(ScsiStatus.GOOD, null, null, 0);
    }

    @Override
    public void complete(ByteBuf dataIn) {
        complete(ScsiStatus.GOOD, null, dataIn, 0);
    }

    @Override
    public void complete(ScsiStatus s, SenseData sd, ByteBuf dataIn, long transferLength) {
        completions++;
        status = s;
        sense = sd;
        data = dataIn;
    }

    @Override
    public void fail(SenseData sd) {
        complete(ScsiStatus.CHECK_CONDITION, sd, null, 0);
    }

    /** The data-in bytes (empty if none). */
    byte[] bytes() {
        if (data == null) {
            return new byte[0];
        }
        byte[] b = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), b);
        return b;
    }

    @Override
    public void close() {
        cdb.release();
        if (data != null) {
            data.release();
        }
    }
}
