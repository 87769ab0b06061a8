package io.quiver.handler.ramdisk.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.ScsiStatus;
import io.quiver.spi.device.ScsiDevice;
import io.quiver.testing.ComponentConfigs;
import io.quiver.testing.FakeBundleContext;
import io.quiver.testing.FakeDeviceTask;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RamdiskDeviceTest {

    @TempDir
    Path data;

    /**
     * READ (10) or WRITE (10) of the block at {@code lba}, a write filling it with {@code value}; synchronous on a
     * memory device but for the data-out. Returns the last byte read, or -1 for a write.
     */
    private static int io(ScsiDevice device, int opcode, long lba, int value, int blockSize)
            throws InterruptedException {
        FakeDeviceTask t = new FakeDeviceTask(opcode, 0, (int) (lba >>> 24), (int) (lba >>> 16), (int) (lba >>> 8),
                (int) lba, 0, 0, 1, 0);
        if (opcode == ScsiOpcode.WRITE_10) {
            byte[] block = new byte[blockSize];
            Arrays.fill(block, (byte) value);
            t.dataOut(block);
        }
        try (t) {
            device.execute(t);
            assertEquals(ScsiStatus.GOOD, t.await().status());
            return t.data() == null ? -1 : t.data().getUnsignedByte(blockSize - 1);
        }
    }

    private static RamdiskDevice.Config config(Object... kv) {
        return ComponentConfigs.of(RamdiskDevice.Config.class, ComponentConfigs.properties(kv));
    }

    @Test
    void aConfigurationBecomesANamedDeviceThatKeepsWhatIsWritten() throws Exception {
        FakeBundleContext osgi = new FakeBundleContext(data);
        RamdiskDevice c = new RamdiskDevice(osgi.context(), config("name", "ram0", "size", 1L << 20));
        FakeBundleContext.Registration r = osgi.registrations().get(0);
        assertEquals("ram0", r.properties().get(ScsiDevice.NAME_PROPERTY));
        ScsiDevice device = (ScsiDevice) r.service();
        assertEquals("ramdisk", device.descriptor().handlerName());
        assertEquals(0, device.descriptor().threads());
        assertEquals(0, c.store().allocatedBytes());
        io(device, ScsiOpcode.WRITE_10, 100, 0x42, 512);
        assertEquals(0x42, io(device, ScsiOpcode.READ_10, 100, 0, 512));
        assertEquals(0, io(device, ScsiOpcode.READ_10, 1000, 0, 512));
        assertEquals(MemoryChunks.CHUNK_BYTES, c.store().allocatedBytes());
        c.deactivate();
        assertTrue(r.unregistered());
        assertEquals(0, c.store().allocatedBytes(), "deleting the configuration frees the memory");
    }

    @Test
    void reconfigurationKeepsTheDataUnlessTheBlockSizeChanges() throws Exception {
        FakeBundleContext osgi = new FakeBundleContext(data);
        RamdiskDevice c = new RamdiskDevice(osgi.context(), config("name", "ram1", "size", 1L << 20));
        ScsiDevice first = c.device();
        io(first, ScsiOpcode.WRITE_10, 7, 0x11, 512);

        c.modified(config("name", "ram1", "size", 2L << 20));
        assertSame(first, c.device());
        assertEquals(4096, c.device().store().capacityBlocks());

        c.modified(config("name", "ram1", "size", 2L << 20, "t10_vend_id", "ACME"));
        assertNotSame(first, c.device());
        assertEquals("ACME", c.device().descriptor().vendorId());
        assertEquals(0x11, io(c.device(), ScsiOpcode.READ_10, 7, 0, 512));
        assertTrue(osgi.registrations().get(0).unregistered());

        c.modified(config("name", "ram1", "size", 2L << 20, "t10_vend_id", "ACME", "blocksize", 4096));
        assertEquals(512, c.device().store().capacityBlocks());
        assertEquals(0, io(c.device(), ScsiOpcode.READ_10, 0, 0, 4096));
        assertEquals(3, osgi.registrations().size());
        c.deactivate();
    }

    @Test
    void badAttributesFailAndHoldNothing() {
        FakeBundleContext osgi = new FakeBundleContext(data);
        assertThrows(IllegalArgumentException.class,
                () -> new RamdiskDevice(osgi.context(), config("name", "x", "size", 100L)));
        assertThrows(IllegalArgumentException.class,
                () -> new RamdiskDevice(osgi.context(), config("name", "x", "eui64_id", "12")));
        assertEquals(0, osgi.registrations().size());
        assertEquals(RamdiskDevice.PID, new RamdiskHandler().deviceFactoryPid());
    }
}
