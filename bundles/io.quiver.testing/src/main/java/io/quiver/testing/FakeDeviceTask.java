package io.quiver.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A device task as the core would hand it to a device, recording how the device ended it.
 *
 * <p>Every buffer is a pooled direct one from {@link #ALLOC}. The task owns its CDB; data-out set with
 * {@link #dataOut(ByteBuf)} passes to the device on {@link #receiveDataOut(int)} (completed on another
 * thread, as a transport's event loop would); data-in the device completes with passes to the task.
 * {@link #close()} then checks the buffer contract: the device left the CDB alone, released the data-out
 * exactly once, did not release the data-in it handed over, and ended the task at most once. Use it in
 * try-with-resources:
 *
 * <pre>{@code
 * try (FakeDeviceTask t = new FakeDeviceTask(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0)) {
 *     device.execute(t);
 *     assertEquals(ScsiStatus.GOOD, t.await().status());
 * }
 * }</pre>
 *
 * <p>The task is addressed to LUN 0 from I_T nexus 1 (unless {@link #nexus(long)} says otherwise), is
 * never aborted or write protected and expects up to 1 MiB.
 */
public final class FakeDeviceTask implements DeviceTask, AutoCloseable {

    /** The allocator of every buffer of these tasks, and the one {@link #alloc()} offers the device. */
    public static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    /** The expected data transfer length every task announces. */
    public static final long EXPECTED_LENGTH = 1 << 20;

    private static final long TIMEOUT_SECONDS = 10;

    private final ByteBuf cdb;
    private final CountDownLatch done = new CountDownLatch(1);
    private ByteBuf dataOut;
    /** The data-out buffer as the test made it; the device was given a retained duplicate of it. */
    private ByteBuf dataOutKept;
    private volatile int completions;
    private volatile ScsiStatus status;
    private volatile SenseData sense;
    private volatile ByteBuf dataIn;
    private volatile long transferLength;
    private volatile long nexusId = 1;
    private volatile long expectedLength = EXPECTED_LENGTH;

    /**
     * A task for a command.
     *
     * @param cdbBytes the CDB, one byte per value (only the low eight bits count)
     */
    public FakeDeviceTask(int... cdbBytes) {
        cdb = ALLOC.directBuffer(cdbBytes.length);
        for (int b : cdbBytes) {
            cdb.writeByte(b);
        }
    }

    /**
     * Gives the task data-out for the device; the task then has direction {@link DataDirection#OUT}.
     *
     * @param data the data-out, whose ownership passes to the task (best from {@link #ALLOC})
     * @return this task
     */
    public FakeDeviceTask dataOut(ByteBuf data) {
        Objects.requireNonNull(data, "data");
        if (dataOut != null || dataOutKept != null) {
            data.release();
            throw new IllegalStateException("data-out already given");
        }
        dataOut = data;
        return this;
    }

    /**
     * Gives the task a copy of {@code data} as data-out, in a pooled buffer.
     *
     * @param data the data-out bytes
     * @return this task
     */
    public FakeDeviceTask dataOut(byte[] data) {
        return dataOut(ALLOC.directBuffer(data.length).writeBytes(data));
    }

    /**
     * Waits until the device ended the task (devices may complete on their own threads).
     *
     * @return this task
     * @throws AssertionError if that takes longer than ten seconds
     * @throws InterruptedException if interrupted while waiting
     */
    public FakeDeviceTask await() throws InterruptedException {
        if (!done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("task not completed");
        }
        return this;
    }

    /** How often the device ended the task: 1 is right, 0 means not yet, more breaks the contract. */
    public int completions() {
        return completions;
    }

    /** The status the device ended the task with, or {@code null} before it did. */
    public ScsiStatus status() {
        return status;
    }

    /** The sense data the device ended the task with, or {@code null} if none. */
    public SenseData sense() {
        return sense;
    }

    /** The data-in the device ended the task with, or {@code null} if none; the task still owns it. */
    public ByteBuf data() {
        return dataIn;
    }

    /** The transfer length the device reported (0 if it completed without one). */
    public long transferLength() {
        return transferLength;
    }

    /** The data-in bytes, or an empty array if there is none. */
    public byte[] bytes() {
        ByteBuf d = dataIn;
        if (d == null) {
            return new byte[0];
        }
        byte[] b = new byte[d.readableBytes()];
        d.getBytes(d.readerIndex(), b);
        return b;
    }

    @Override
    public ByteBuf cdb() {
        return cdb;
    }

    @Override
    public int opcode() {
        return cdb.getUnsignedByte(cdb.readerIndex());
    }

    /**
     * Makes the task come from another I_T nexus, for per-nexus state (PREVENT ALLOW MEDIUM REMOVAL).
     *
     * @param id the {@link #nexusId()} the device sees
     * @return this task
     */
    public FakeDeviceTask nexus(long id) {
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
        return dataOut != null || dataOutKept != null ? DataDirection.OUT : DataDirection.IN;
    }

    @Override
    public long expectedDataTransferLength() {
        return expectedLength;
    }

    /**
     * Sets the EXPECTED DATA TRANSFER LENGTH the initiator announced ({@link #EXPECTED_LENGTH} unless set):
     * commands such as COMPARE AND WRITE and WRITE SAME check it against the CDB.
     *
     * @return this task
     */
    public FakeDeviceTask expectedLength(long length) {
        expectedLength = length;
        return this;
    }

    @Override
    public boolean writeProtected() {
        return false;
    }

    @Override
    public ByteBufAllocator alloc() {
        return ALLOC;
    }

    /**
     * Hands the data-out over, once, if the device asks for exactly its length; fails the stage otherwise.
     * The device gets a retained duplicate, so that {@link #close()} can tell whether it released it.
     */
    @Override
    public CompletionStage<ByteBuf> receiveDataOut(int length) {
        if (dataOut == null || dataOut.readableBytes() != length) {
            return CompletableFuture.failedFuture(new IllegalStateException("unexpected data-out length " + length
                    + (dataOut == null ? " (no data-out given or already taken)"
                            : ", the test gave " + dataOut.readableBytes())));
        }
        dataOutKept = dataOut;
        dataOut = null;
        ByteBuf handedOver = dataOutKept.retainedDuplicate();
        return CompletableFuture.supplyAsync(() -> handedOver);
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
    public void complete(ByteBuf data) {
        complete(ScsiStatus.GOOD, null, data, 0);
    }

    @Override
    public void complete(ScsiStatus s, SenseData sd, ByteBuf data, long length) {
        ByteBuf earlier = dataIn;
        status = s;
        sense = sd;
        dataIn = data;
        transferLength = length;
        // Last, so that a test seeing the count from another thread sees the fields above.
        completions++;
        done.countDown();
        if (earlier != null && earlier != data) {
            earlier.release();
        }
    }

    @Override
    public void fail(SenseData sd) {
        complete(ScsiStatus.CHECK_CONDITION, sd, null, 0);
    }

    /**
     * Releases what the task owns and checks the device kept the buffer contract. A device may release
     * data-out after it ended the task, so this waits up to ten seconds for that.
     *
     * @throws AssertionError if the device ended the task more than once, held on to or released the CDB,
     *         did not release the data-out it took, or released the data-in it handed over
     */
    @Override
    public void close() {
        try {
            assertTrue(completions <= 1, () -> "task completed " + completions + " times");
            awaitTrue(() -> cdb.refCnt() == 1);
            assertEquals(1, cdb.refCnt(), "the CDB belongs to the task: the device must not release or keep it");
            if (dataOutKept != null) {
                awaitTrue(() -> dataOutKept.refCnt() == 1);
                assertEquals(1, dataOutKept.refCnt(), "the device releases the data-out it took, exactly once");
            }
            ByteBuf d = dataIn;
            if (d != null) {
                assertTrue(d.refCnt() > 0, "the device released the data-in it handed over");
            }
        } finally {
            releaseAll();
        }
    }

    private void releaseAll() {
        release(cdb);
        release(dataOut);
        release(dataOutKept);
        release(dataIn);
        dataOut = null;
        dataOutKept = null;
        dataIn = null;
    }

    private static void release(ByteBuf b) {
        if (b != null && b.refCnt() > 0) {
            b.release();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
