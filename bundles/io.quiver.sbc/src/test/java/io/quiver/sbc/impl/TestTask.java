package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DeviceTask for tests: a CDB, optional data-out handed over on another thread (as a transport's
 * event loop would), and the single completion recorded. Data-in is kept until {@link #close()}.
 */
final class TestTask implements DeviceTask, AutoCloseable {

    static final TrackingAllocator ALLOC = TrackingAllocator.INSTANCE;

    /** How the task ended. */
    record Result(ScsiStatus status, SenseData sense, ByteBuf data, long transferLength) {
    }

    private final ByteBuf cdb;
    private final byte[] dataOut;
    private final boolean writeProtected;
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private final AtomicInteger completions = new AtomicInteger();
    volatile int requestedDataOut = -1;
    private volatile boolean dataOutReady;
    private volatile boolean aborted;
    private volatile long nexusId = 1;

    TestTask(byte[] cdb, byte[] dataOut, boolean writeProtected) {
        this.cdb = ALLOC.directBuffer(cdb.length).writeBytes(cdb);
        this.dataOut = dataOut;
        this.writeProtected = writeProtected;
    }

    static TestTask of(byte[] cdb) {
        return new TestTask(cdb, null, false);
    }

    static TestTask of(byte[] cdb, byte[] dataOut) {
        return new TestTask(cdb, dataOut, false);
    }

    @Override
    public ByteBuf cdb() {
        return cdb;
    }

    @Override
    public int opcode() {
        return cdb.getUnsignedByte(0);
    }

    /** The data-out is there when asked for (immediate data), as a completed stage. */
    TestTask dataOutReady() {
        this.dataOutReady = true;
        return this;
    }

    /** The task comes from I_T nexus {@code id} (1 unless set). */
    TestTask nexus(long id) {
        this.nexusId = id;
        return this;
    }

    @Override
    public long nexusId() {
        return nexusId;
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
        return dataOut != null ? dataOut.length : 1 << 24;
    }

    @Override
    public boolean writeProtected() {
        return writeProtected;
    }

    @Override
    public ByteBufAllocator alloc() {
        return ALLOC;
    }

    @Override
    public CompletionStage<ByteBuf> receiveDataOut(int length) {
        if (dataOut == null || length > dataOut.length) {
            throw new IllegalArgumentException("length " + length);
        }
        requestedDataOut = length;
        if (dataOutReady) {
            return CompletableFuture.completedFuture(ALLOC.directBuffer(length).writeBytes(dataOut, 0, length));
        }
        return new LateDataOut(() -> ALLOC.directBuffer(length).writeBytes(dataOut, 0, length));
    }

    /**
     * Data-out that arrives on another thread, as from a transport's event loop, and only once the engine
     * has registered how it continues: the engine can never find it already there, so a test of the "data
     * comes later" path does not turn into the "data is here" path when the delivering thread is quick.
     */
    private static final class LateDataOut extends CompletableFuture<ByteBuf> {
        private final java.util.function.Supplier<ByteBuf> data;

        LateDataOut(java.util.function.Supplier<ByteBuf> data) {
            this.data = data;
        }

        @Override
        public CompletableFuture<ByteBuf> whenComplete(
                java.util.function.BiConsumer<? super ByteBuf, ? super Throwable> action) {
            CompletableFuture<ByteBuf> next = super.whenComplete(action);
            new Thread(() -> complete(data.get()), "data-out-delivery").start();
            return next;
        }
    }

    @Override
    public boolean isAborted() {
        return aborted;
    }

    /** A task management function aborts this task from now on. */
    void abort() {
        aborted = true;
    }

    @Override
    public void complete() {
        finish(new Result(ScsiStatus.GOOD, null, null, -1));
    }

    @Override
    public void complete(ByteBuf dataIn) {
        finish(new Result(ScsiStatus.GOOD, null, dataIn, -1));
    }

    @Override
    public void complete(ScsiStatus status, SenseData sense, ByteBuf dataIn, long transferLength) {
        finish(new Result(status, sense, dataIn, transferLength));
    }

    @Override
    public void fail(SenseData sense) {
        finish(new Result(ScsiStatus.CHECK_CONDITION, sense, null, -1));
    }

    private void finish(Result r) {
        if (completions.incrementAndGet() != 1) {
            throw new AssertionError("task completed twice");
        }
        result.complete(r);
    }

    /** How often the device completed this task (exactly 1 once it is done). */
    int completions() {
        return completions.get();
    }

    /** Waits for the completion. */
    Result await() {
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("task did not complete", e);
        }
    }

    /** Data-in as bytes (empty if none). */
    byte[] dataIn() {
        ByteBuf d = await().data();
        if (d == null) {
            return new byte[0];
        }
        byte[] b = new byte[d.readableBytes()];
        d.getBytes(d.readerIndex(), b);
        return b;
    }

    @Override
    public void close() {
        cdb.release();
        if (result.isDone()) {
            ByteBuf d = result.join().data();
            if (d != null) {
                d.release();
            }
        }
    }
}
