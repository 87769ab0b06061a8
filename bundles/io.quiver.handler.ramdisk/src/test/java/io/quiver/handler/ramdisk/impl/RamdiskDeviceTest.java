package io.quiver.handler.ramdisk.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RamdiskDeviceTest {

    @TempDir
    Path data;

    /** READ (10) or WRITE (10) of one block filled with one value; synchronous on a memory device. */
    private static final class OneBlock implements DeviceTask {
        final ByteBuf cdb;
        final int value;
        final int blockSize;
        ScsiStatus status;
        ByteBuf dataIn;

        OneBlock(int opcode, long lba, int value, int blockSize) {
            this.value = value;
            this.blockSize = blockSize;
            this.cdb = PooledByteBufAllocator.DEFAULT.directBuffer(10)
                    .writeByte(opcode).writeByte(0).writeInt((int) lba).writeByte(0).writeShort(1).writeByte(0);
        }

        @Override public ByteBuf cdb() { return cdb; }
        @Override public int opcode() { return cdb.getUnsignedByte(0); }
        @Override public int lun() { return 0; }
        @Override public DataDirection direction() { return opcode() == ScsiOpcode.WRITE_10 ? DataDirection.OUT : DataDirection.IN; }
        @Override public long expectedDataTransferLength() { return blockSize; }
        @Override public boolean writeProtected() { return false; }
        @Override public ByteBufAllocator alloc() { return PooledByteBufAllocator.DEFAULT; }
        @Override public CompletionStage<ByteBuf> receiveDataOut(int length) {
            ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(length);
            while (b.isWritable()) {
                b.writeByte(value);
            }
            return CompletableFuture.completedFuture(b);
        }
        @Override public boolean isAborted() { return false; }
        @Override public void complete() { status = ScsiStatus.GOOD; }
        @Override public void complete(ByteBuf d) { status = ScsiStatus.GOOD; dataIn = d; }
        @Override public void complete(ScsiStatus s, SenseData sd, ByteBuf d, long t) { status = s; dataIn = d; }
        @Override public void fail(SenseData sd) { status = ScsiStatus.CHECK_CONDITION; }
    }

    private static int io(ScsiDevice device, int opcode, long lba, int value, int blockSize) {
        OneBlock t = new OneBlock(opcode, lba, value, blockSize);
        device.execute(t);
        try {
            assertEquals(ScsiStatus.GOOD, t.status);
            return t.dataIn == null ? -1 : t.dataIn.getUnsignedByte(blockSize - 1);
        } finally {
            t.cdb.release();
            if (t.dataIn != null) {
                t.dataIn.release();
            }
        }
    }

    private static RamdiskDevice.Config config(Object... kv) {
        return FakeOsgi.config(RamdiskDevice.Config.class, FakeOsgi.map(kv));
    }

    @Test
    void aConfigurationBecomesANamedDeviceThatKeepsWhatIsWritten() {
        FakeOsgi osgi = new FakeOsgi(data);
        RamdiskDevice c = new RamdiskDevice(osgi.bundleContext(), config("name", "ram0", "size", 1L << 20));
        FakeOsgi.Registration r = osgi.registrations.get(0);
        assertEquals("ram0", r.properties.get(ScsiDevice.NAME_PROPERTY));
        ScsiDevice device = (ScsiDevice) r.service;
        assertEquals("ramdisk", device.descriptor().handlerName());
        assertEquals(0, device.descriptor().threads());
        assertEquals(0, c.store().allocatedBytes());
        io(device, ScsiOpcode.WRITE_10, 100, 0x42, 512);
        assertEquals(0x42, io(device, ScsiOpcode.READ_10, 100, 0, 512));
        assertEquals(0, io(device, ScsiOpcode.READ_10, 1000, 0, 512));
        assertEquals(MemoryBlockStore.CHUNK_BYTES, c.store().allocatedBytes());
        c.deactivate();
        assertTrue(r.unregistered);
        assertEquals(0, c.store().allocatedBytes(), "deleting the configuration frees the memory");
    }

    @Test
    void reconfigurationKeepsTheDataUnlessTheBlockSizeChanges() throws Exception {
        FakeOsgi osgi = new FakeOsgi(data);
        RamdiskDevice c = new RamdiskDevice(osgi.bundleContext(), config("name", "ram1", "size", 1L << 20));
        ScsiDevice first = c.device();
        io(first, ScsiOpcode.WRITE_10, 7, 0x11, 512);

        c.modified(config("name", "ram1", "size", 2L << 20));
        assertSame(first, c.device());
        assertEquals(4096, c.device().store().capacityBlocks());

        c.modified(config("name", "ram1", "size", 2L << 20, "t10__vend__id", "ACME"));
        assertNotSame(first, c.device());
        assertEquals("ACME", c.device().descriptor().vendorId());
        assertEquals(0x11, io(c.device(), ScsiOpcode.READ_10, 7, 0, 512));
        assertTrue(osgi.registrations.get(0).unregistered);

        c.modified(config("name", "ram1", "size", 2L << 20, "t10__vend__id", "ACME", "blocksize", 4096));
        assertEquals(512, c.device().store().capacityBlocks());
        assertEquals(0, io(c.device(), ScsiOpcode.READ_10, 0, 0, 4096));
        assertEquals(3, osgi.registrations.size());
        c.deactivate();
    }

    @Test
    void badAttributesFailAndHoldNothing() {
        FakeOsgi osgi = new FakeOsgi(data);
        assertThrows(IllegalArgumentException.class,
                () -> new RamdiskDevice(osgi.bundleContext(), config("name", "x", "size", 100L)));
        assertThrows(IllegalArgumentException.class,
                () -> new RamdiskDevice(osgi.bundleContext(), config("name", "x", "eui64__id", "12")));
        assertEquals(0, osgi.registrations.size());
        assertEquals(RamdiskDevice.PID, new RamdiskHandler().deviceFactoryPid());
    }
}
