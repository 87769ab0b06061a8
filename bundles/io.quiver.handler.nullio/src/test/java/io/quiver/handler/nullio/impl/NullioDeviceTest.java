package io.quiver.handler.nullio.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NullioDeviceTest {

    @TempDir
    Path data;

    /** A READ (10) or WRITE (10) of one block, completed synchronously by a non-blocking device. */
    private static final class OneBlock implements DeviceTask {
        final ByteBuf cdb;
        final boolean write;
        ScsiStatus status;
        SenseData sense;
        ByteBuf dataIn;

        OneBlock(int opcode, long lba) {
            this.write = opcode == ScsiOpcode.WRITE_10;
            this.cdb = PooledByteBufAllocator.DEFAULT.directBuffer(10)
                    .writeByte(opcode).writeByte(0).writeInt((int) lba).writeByte(0).writeShort(1).writeByte(0);
        }

        @Override public ByteBuf cdb() { return cdb; }
        @Override public int opcode() { return cdb.getUnsignedByte(0); }
        @Override public int lun() { return 0; }
        @Override public DataDirection direction() { return write ? DataDirection.OUT : DataDirection.IN; }
        @Override public long expectedDataTransferLength() { return 512; }
        @Override public boolean writeProtected() { return false; }
        @Override public ByteBufAllocator alloc() { return PooledByteBufAllocator.DEFAULT; }
        @Override public CompletionStage<ByteBuf> receiveDataOut(int length) {
            return CompletableFuture.completedFuture(PooledByteBufAllocator.DEFAULT.directBuffer(length).writeZero(length));
        }
        @Override public boolean isAborted() { return false; }
        @Override public void complete() { status = ScsiStatus.GOOD; }
        @Override public void complete(ByteBuf d) { status = ScsiStatus.GOOD; dataIn = d; }
        @Override public void complete(ScsiStatus s, SenseData sd, ByteBuf d, long t) { status = s; dataIn = d; }
        @Override public void fail(SenseData sd) { status = ScsiStatus.CHECK_CONDITION; sense = sd; }

        void release() {
            cdb.release();
            if (dataIn != null) {
                dataIn.release();
            }
        }
    }

    @Test
    void aConfigurationBecomesANamedScsiDeviceService() {
        FakeOsgi osgi = new FakeOsgi(data);
        NullioDevice component = new NullioDevice(osgi.bundleContext(), FakeOsgi.config(NullioDevice.Config.class,
                FakeOsgi.map("name", "null0", "size", 1L << 30, "blocksize", 4096, "t10__vend__id", "ACME",
                        "naa__id", "6001405000000001")));
        assertEquals(1, osgi.registrations.size());
        FakeOsgi.Registration r = osgi.registrations.get(0);
        assertEquals(ScsiDevice.class.getName(), r.type);
        assertEquals("null0", r.properties.get(ScsiDevice.NAME_PROPERTY));
        ScsiDevice device = (ScsiDevice) r.service;
        assertEquals("vdisk_nullio", device.descriptor().handlerName());
        assertEquals("ACME", device.descriptor().vendorId());
        assertEquals(0, device.descriptor().threads());
        assertEquals((1L << 30) / 4096, component.device().store().capacityBlocks());

        OneBlock write = new OneBlock(ScsiOpcode.WRITE_10, 3);
        device.execute(write);
        assertEquals(ScsiStatus.GOOD, write.status);
        OneBlock read = new OneBlock(ScsiOpcode.READ_10, 3);
        device.execute(read);
        assertEquals(ScsiStatus.GOOD, read.status);
        assertEquals(4096, read.dataIn.readableBytes());
        assertEquals(0, read.dataIn.getLong(0));
        write.release();
        read.release();

        component.deactivate();
        assertTrue(r.unregistered);
    }

    @Test
    void sizeChangesResizeInPlaceOtherChangesReplaceTheDevice() {
        FakeOsgi osgi = new FakeOsgi(data);
        NullioDevice component = new NullioDevice(osgi.bundleContext(),
                FakeOsgi.config(NullioDevice.Config.class, FakeOsgi.map("name", "null1", "size", 1L << 20)));
        ScsiDevice first = component.device();
        component.modified(FakeOsgi.config(NullioDevice.Config.class, FakeOsgi.map("name", "null1", "size", 1L << 21)));
        assertSame(first, component.device());
        assertEquals((1L << 21) / 512, component.device().store().capacityBlocks());
        assertEquals(1, osgi.registrations.size());

        component.modified(FakeOsgi.config(NullioDevice.Config.class,
                FakeOsgi.map("name", "null1", "size", 1L << 21, "read__only", true)));
        assertNotSame(first, component.device());
        assertEquals(2, osgi.registrations.size());
        assertTrue(osgi.registrations.get(0).unregistered);
        assertFalse(osgi.registrations.get(1).unregistered);
        OneBlock write = new OneBlock(ScsiOpcode.WRITE_10, 0);
        component.device().execute(write);
        assertEquals(SenseKey.DATA_PROTECT, write.sense.key());
        write.release();
        component.deactivate();
    }

    @Test
    void badAttributesFailActivation() {
        FakeOsgi osgi = new FakeOsgi(data);
        assertThrows(IllegalArgumentException.class, () -> new NullioDevice(osgi.bundleContext(),
                FakeOsgi.config(NullioDevice.Config.class, FakeOsgi.map("name", "x", "blocksize", 1000))));
        assertThrows(IllegalArgumentException.class, () -> new NullioDevice(osgi.bundleContext(),
                FakeOsgi.config(NullioDevice.Config.class, FakeOsgi.map("name", "x", "naa__id", "123"))));
        assertEquals(0, osgi.registrations.size());
        assertEquals("vdisk_nullio", new NullioHandler().name());
        assertEquals(NullioDevice.PID, new NullioHandler().deviceFactoryPid());
    }
}
