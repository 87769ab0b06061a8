package io.quiver.sbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class SbcDeviceTest {

    private static final class Context implements DeviceContext {
        final List<String> events = new ArrayList<>();
        @Override public void capacityChanged() { events.add("capacity"); }
        @Override public void descriptorChanged() { }
        @Override public void mediumChanged() { }
        @Override public void modeParametersChanged(DeviceTask task) { }
        @Override public void unitAttention(DeviceTask task, io.quiver.scsi.AdditionalSense sense) { }
        @Override public void controlModeChanged(boolean d, boolean t, int q) { events.add("control"); }
        @Override public Optional<ScsiDevice> findDevice(byte[] designator) { return Optional.empty(); }
        @Override public void deferredError(io.quiver.scsi.SenseData sense) { events.add("deferred"); }
    }

    /** READ CAPACITY (10), answered synchronously for a non-blocking store. */
    private static final class ReadCapacity implements DeviceTask {
        final ByteBuf cdb = PooledByteBufAllocator.DEFAULT.directBuffer(10).writeBytes(
                new byte[] {(byte) ScsiOpcode.READ_CAPACITY_10, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        ByteBuf data;
        ScsiStatus status;

        @Override public ByteBuf cdb() { return cdb; }
        @Override public int opcode() { return ScsiOpcode.READ_CAPACITY_10; }
        @Override public long nexusId() { return 1; }
        @Override public int lun() { return 0; }
        @Override public DataDirection direction() { return DataDirection.IN; }
        @Override public long expectedDataTransferLength() { return 8; }
        @Override public boolean writeProtected() { return false; }
        @Override public ByteBufAllocator alloc() { return PooledByteBufAllocator.DEFAULT; }
        @Override public CompletionStage<ByteBuf> receiveDataOut(int length) { return new CompletableFuture<>(); }
        @Override public boolean isAborted() { return false; }
        @Override public void complete() { status = ScsiStatus.GOOD; }
        @Override public void complete(ByteBuf dataIn) { status = ScsiStatus.GOOD; data = dataIn; }
        @Override public void complete(ScsiStatus s, SenseData sense, ByteBuf dataIn, long t) { status = s; data = dataIn; }
        @Override public void fail(SenseData sense) { status = ScsiStatus.CHECK_CONDITION; }
    }

    private static DeviceDescriptor identity() {
        return VdiskAttributes.builder("d1", "vdisk_nullio", "ACME", "d1", null, null, "5001405abcdef012", null,
                false, false).threads(7).queueDepth(3).build();
    }

    @Test
    void descriptorFollowsTheOptions() {
        try (SbcDevice blocking = new SbcDevice(identity(), new SizedStore(true),
                new SbcOptions(false, false, true, 0, 32, null))) {
            assertEquals(1, blocking.descriptor().threads(), "a blocking store gets at least one thread");
            assertEquals(32, blocking.descriptor().queueDepth());
            assertEquals("ACME", blocking.descriptor().vendorId());
            assertEquals(8, blocking.descriptor().naaId().length);
            assertEquals("d1", blocking.descriptor().t10DeviceId(), "t10_dev_id survives");
        }
        try (SbcDevice memory = new SbcDevice(identity(), new SizedStore(false),
                new SbcOptions(false, false, false, 0, 64, null))) {
            assertEquals(0, memory.descriptor().threads());
            assertEquals(List.of(0x8F, 0xB0, 0xB1, 0xB2, 0xB3), memory.vpdPages());
            assertFalse(memory.supportedCommands().isEmpty());
        }
    }

    @Test
    void aMemoryBackedStoreThatMayBlockIsExecutedWhereCommandsArriveNotOnCoreThreads() {
        SizedStore tmpfsFile = new SizedStore(true);
        tmpfsFile.memoryBacked = true;
        try (SbcDevice device = new SbcDevice(identity(), tmpfsFile, new SbcOptions(false, false, false, 2, 64, null))) {
            assertEquals(0, device.descriptor().threads(),
                    "the core calls execute on the submitting thread; the device moves large copies itself");
        }
    }

    @Test
    void resizeIsReportedAndSeenByReadCapacity() {
        SizedStore store = new SizedStore(false);
        SbcDevice device = new SbcDevice(identity(), store, SbcOptions.defaults());
        Context ctx = new Context();
        device.resized();
        device.attach(ctx);
        store.blocks = 4096;
        device.resized();
        assertEquals(List.of("control", "capacity"), ctx.events);
        ReadCapacity t = new ReadCapacity();
        device.execute(t);
        assertEquals(ScsiStatus.GOOD, t.status);
        assertEquals(4095, t.data.getInt(0));
        t.data.release();
        t.cdb.release();
        device.detach();
        device.resized();
        assertEquals(2, ctx.events.size());
        assertEquals(store, device.store());
        device.close();
        assertTrue(store.closed);
    }
}
