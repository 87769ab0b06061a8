package io.quiver.sbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** EXTENDED COPY between two SbcDevices: the second found through DeviceContext.findDevice. */
class CopyAcrossDevicesTest {

    private static final byte[] NAA_A = {0x50, 1, 1, 1, 1, 1, 1, 1};
    private static final byte[] NAA_B = {0x50, 2, 2, 2, 2, 2, 2, 2};

    /** Blocks in a heap array (test only), written on the device's threads. */
    private static final class ArrayStore implements BlockStore {
        final byte[] data = new byte[512 * 64];

        @Override public int blockSize() { return 512; }
        @Override public long capacityBlocks() { return 64; }
        @Override public boolean mayBlock() { return true; }
        @Override public synchronized void read(long lba, int n, ByteBuf dst) { dst.writeBytes(data, (int) lba * 512, n * 512); }
        @Override public synchronized void write(long lba, ByteBuf src, boolean fua) {
            src.getBytes(src.readerIndex(), data, (int) lba * 512, src.readableBytes());
        }
        @Override public void flush() { }
        @Override public void close() { }
    }

    /** A task with optional data-out whose completion the test waits for. */
    private static final class Task implements DeviceTask {
        final ByteBuf cdb;
        final byte[] dataOut;
        final CompletableFuture<ScsiStatus> status = new CompletableFuture<>();

        Task(byte[] cdb, byte[] dataOut) {
            this.cdb = PooledByteBufAllocator.DEFAULT.directBuffer(cdb.length).writeBytes(cdb);
            this.dataOut = dataOut;
        }

        @Override public ByteBuf cdb() { return cdb; }
        @Override public int opcode() { return cdb.getUnsignedByte(0); }
        @Override public long nexusId() { return 1; }
        @Override public int lun() { return 0; }
        @Override public DataDirection direction() { return DataDirection.OUT; }
        @Override public long expectedDataTransferLength() { return dataOut.length; }
        @Override public boolean writeProtected() { return false; }
        @Override public ByteBufAllocator alloc() { return PooledByteBufAllocator.DEFAULT; }
        @Override public CompletionStage<ByteBuf> receiveDataOut(int length) {
            return CompletableFuture.supplyAsync(
                    () -> PooledByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(dataOut, 0, length));
        }
        @Override public boolean isAborted() { return false; }
        @Override public void complete() { status.complete(ScsiStatus.GOOD); }
        @Override public void complete(ByteBuf d) { d.release(); status.complete(ScsiStatus.GOOD); }
        @Override public void complete(ScsiStatus s, SenseData sense, ByteBuf d, long t) { status.complete(s); }
        @Override public void fail(SenseData sense) { status.completeExceptionally(new AssertionError(sense.toString())); }

        ScsiStatus await() throws Exception {
            try {
                return status.get(10, TimeUnit.SECONDS);
            } finally {
                cdb.release();
            }
        }
    }

    private static SbcDevice device(String name, byte[] naa, ArrayStore store) {
        return new SbcDevice(VdiskAttributes.builder(name, "test", null, null, null, null,
                VdiskAttributes.hexString(naa), null, false, false).build(), store, SbcOptions.defaults());
    }

    @Test
    void copiesFromOneDeviceToAnother() throws Exception {
        ArrayStore a = new ArrayStore();
        ArrayStore b = new ArrayStore();
        Arrays.fill(a.data, 512 * 4, 512 * 8, (byte) 0x3C);
        try (SbcDevice source = device("a", NAA_A, a); SbcDevice destination = device("b", NAA_B, b)) {
            source.attach(new DeviceContext() {
                @Override public void capacityChanged() { }
                @Override public void descriptorChanged() { }
                @Override public void mediumChanged() { }
                @Override public void modeParametersChanged(DeviceTask task) { }
                @Override public void unitAttention(DeviceTask task, io.quiver.scsi.AdditionalSense sense) { }
                @Override public void controlModeChanged(boolean d, boolean t, int q) { }
                @Override public void deferredError(io.quiver.scsi.SenseData sense) { }
                @Override public Optional<ScsiDevice> findDevice(byte[] designator) {
                    return Arrays.equals(designator, NAA_B) ? Optional.of(destination) : Optional.empty();
                }
            });
            ByteBuf list = Unpooled.buffer();
            list.writeByte(1).writeByte(0).writeShort(64).writeInt(0).writeInt(28).writeInt(0);
            for (byte[] naa : new byte[][] {NAA_A, NAA_B}) {
                list.writeByte(0xE4).writeByte(0).writeShort(0).writeByte(1).writeByte(3).writeByte(0)
                        .writeByte(8).writeBytes(naa).writeZero(12).writeByte(0).writeMedium(512);
            }
            list.writeByte(0x02).writeByte(0).writeShort(0x18).writeShort(0).writeShort(1).writeShort(0)
                    .writeShort(4).writeLong(4).writeLong(40);
            byte[] params = Arrays.copyOf(list.array(), list.writerIndex());
            byte[] cdb = new byte[16];
            cdb[0] = (byte) ScsiOpcode.EXTENDED_COPY;
            Unpooled.wrappedBuffer(cdb).setInt(10, params.length);
            Task copy = new Task(cdb, params);
            source.execute(copy);
            assertEquals(ScsiStatus.GOOD, copy.await());
            assertArrayEquals(Arrays.copyOfRange(a.data, 512 * 4, 512 * 8), Arrays.copyOfRange(b.data, 512 * 40, 512 * 44));
        }
    }
}
