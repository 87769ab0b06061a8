package io.quiver.handler.blockio.impl;

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
    final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    volatile int completions;
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
        return dataOut != null ? DataDirection.OUT : DataDirection.IN;
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

    /** Data-out handed to the device on receiveDataOut; ownership passes to the device. */
    ByteBuf dataOut;

    @Override
    public CompletionStage<ByteBuf> receiveDataOut(int length) {
        if (dataOut == null || dataOut.readableBytes() != length) {
            return CompletableFuture.failedFuture(new IllegalStateException("unexpected data-out length " + length));
        }
        ByteBuf d = dataOut;
        dataOut = null;
        // complete on another thread, as a transport's event loop would
        return CompletableFuture.supplyAsync(() -> d);
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
        done.countDown();
    }

    /** Waits for the device to end the task (devices may complete on their own threads). */
    TestTask await() throws InterruptedException {
        if (!done.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("task not completed");
        }
        return this;
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
