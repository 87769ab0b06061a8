package io.quiver.core.impl.pr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.quiver.core.impl.lu.LuTask;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A test task on pooled direct buffers. The CDB and any data-out are pooled; {@link #close()} releases
 * what the code under test did not take, and {@link #data()} hands data-in to the test (released there).
 */
public final class FakeTask implements LuTask, AutoCloseable {

    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private final Nexus nexus;
    private final ByteBuf cdb;
    private final DataDirection direction;
    private final long expected;
    private ByteBuf dataOut;
    private ByteBuf handedOut;
    private volatile int completions;
    private ScsiStatus status;
    private SenseData sense;
    private ByteBuf dataIn;

    public FakeTask(Nexus nexus, byte[] cdb, DataDirection direction, long expected, byte[] dataOut) {
        this.nexus = nexus;
        this.cdb = ALLOC.directBuffer(cdb.length).writeBytes(cdb);
        this.direction = direction;
        this.expected = expected;
        this.dataOut = dataOut == null ? null : ALLOC.directBuffer(dataOut.length).writeBytes(dataOut);
    }

    /** A command without data-out. */
    public static FakeTask of(Nexus nexus, DataDirection direction, int... cdb) {
        return new FakeTask(nexus, bytes(cdb), direction, 4096, null);
    }

    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    public int completions() {
        return completions;
    }

    public ScsiStatus status() {
        return status;
    }

    public SenseData sense() {
        return sense;
    }

    /** The data-in bytes (empty if none); releases the buffer. */
    public byte[] data() {
        if (dataIn == null) {
            return new byte[0];
        }
        byte[] b = ByteBufUtil.getBytes(dataIn);
        dataIn.release();
        dataIn = null;
        return b;
    }

    /** Asserts exactly one completion with GOOD. */
    public FakeTask assertGood() {
        assertEquals(1, completions, "completions");
        assertEquals(ScsiStatus.GOOD, status, () -> "status, sense " + sense);
        return this;
    }

    /** Asserts exactly one completion with the given status. */
    public FakeTask assertStatus(ScsiStatus expectedStatus) {
        assertEquals(1, completions, "completions");
        assertEquals(expectedStatus, status, () -> "status, sense " + sense);
        return this;
    }

    /** Asserts CHECK CONDITION with the given sense key and ASC/ASCQ. */
    public FakeTask assertSense(io.quiver.scsi.SenseKey key, io.quiver.scsi.AdditionalSense code) {
        assertStatus(ScsiStatus.CHECK_CONDITION);
        assertNotNull(sense);
        assertEquals(key, sense.key());
        assertEquals(code, sense.additionalSense());
        return this;
    }

    @Override
    public Nexus nexus() {
        return nexus;
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
        return nexus.id();
    }

    @Override
    public int lun() {
        return 0;
    }

    @Override
    public DataDirection direction() {
        return direction;
    }

    @Override
    public long expectedDataTransferLength() {
        return expected;
    }

    @Override
    public boolean writeProtected() {
        return false;
    }

    @Override
    public ByteBufAllocator alloc() {
        return ALLOC;
    }

    @Override
    public CompletionStage<ByteBuf> receiveDataOut(int length) {
        if (length > expected) {
            throw new IllegalArgumentException("more than expected");
        }
        assertNotNull(dataOut, "test gave no data-out");
        assertEquals(dataOut.readableBytes(), length, "data-out length");
        ByteBuf b = dataOut;
        dataOut = null;
        handedOut = b;
        return CompletableFuture.completedFuture(b);
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
    public void complete(ScsiStatus s, SenseData sd, ByteBuf data, long transferLength) {
        status = s;
        sense = sd;
        if (dataIn != null) {
            dataIn.release();
        }
        dataIn = data;
        // Last: a test polling completions from another thread then sees the fields above.
        completions++;
    }

    @Override
    public void fail(SenseData sd) {
        complete(ScsiStatus.CHECK_CONDITION, sd, null, 0);
    }

    /** Releases what the test owns and checks the code under test released what it took, exactly once. */
    @Override
    public void close() {
        assertEquals(1, cdb.refCnt(), "the CDB belongs to the task");
        cdb.release();
        if (handedOut != null) {
            assertEquals(0, handedOut.refCnt(), "data-out released by its taker");
        }
        if (dataOut != null) {
            dataOut.release();
        }
        if (dataIn != null) {
            dataIn.release();
        }
    }
}
