package io.quiver.handler.nullio.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.ScsiDevice;
import io.quiver.testing.ComponentConfigs;
import io.quiver.testing.FakeBundleContext;
import io.quiver.testing.FakeDeviceTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NullioDeviceTest {

    @TempDir
    Path data;

    /** A READ (10) or WRITE (10) of one block at {@code lba}. */
    private static FakeDeviceTask oneBlock(int opcode, long lba) {
        return new FakeDeviceTask(opcode, 0, (int) (lba >>> 24), (int) (lba >>> 16), (int) (lba >>> 8), (int) lba,
                0, 0, 1, 0);
    }

    @Test
    void aConfigurationBecomesANamedScsiDeviceService() throws Exception {
        FakeBundleContext osgi = new FakeBundleContext(data);
        NullioDevice component = new NullioDevice(osgi.context(), ComponentConfigs.of(NullioDevice.Config.class,
                Map.of("name", "null0", "size", 1L << 30, "blocksize", 4096, "t10_vend_id", "ACME",
                        "naa_id", "5001405000000001")));
        assertEquals(1, osgi.registrations().size());
        FakeBundleContext.Registration r = osgi.registrations().get(0);
        assertEquals(List.of(ScsiDevice.class.getName()), r.objectClass());
        assertEquals("null0", r.properties().get(ScsiDevice.NAME_PROPERTY));
        ScsiDevice device = (ScsiDevice) r.service();
        assertEquals("vdisk_nullio", device.descriptor().handlerName());
        assertEquals("ACME", device.descriptor().vendorId());
        assertEquals(0, device.descriptor().threads());
        assertEquals((1L << 30) / 4096, component.device().store().capacityBlocks());

        try (FakeDeviceTask write = oneBlock(ScsiOpcode.WRITE_10, 3).dataOut(new byte[4096])) {
            device.execute(write);
            assertEquals(ScsiStatus.GOOD, write.await().status());
        }
        try (FakeDeviceTask read = oneBlock(ScsiOpcode.READ_10, 3)) {
            device.execute(read);
            assertEquals(ScsiStatus.GOOD, read.await().status());
            assertEquals(4096, read.data().readableBytes());
            assertEquals(0, read.data().getLong(0));
        }

        component.deactivate();
        assertTrue(r.unregistered());
    }

    @Test
    void sizeChangesResizeInPlaceOtherChangesReplaceTheDevice() throws Exception {
        FakeBundleContext osgi = new FakeBundleContext(data);
        NullioDevice component = new NullioDevice(osgi.context(),
                ComponentConfigs.of(NullioDevice.Config.class, Map.of("name", "null1", "size", 1L << 20)));
        ScsiDevice first = component.device();
        component.modified(ComponentConfigs.of(NullioDevice.Config.class, Map.of("name", "null1", "size", 1L << 21)));
        assertSame(first, component.device());
        assertEquals((1L << 21) / 512, component.device().store().capacityBlocks());
        assertEquals(1, osgi.registrations().size());

        component.modified(ComponentConfigs.of(NullioDevice.Config.class,
                Map.of("name", "null1", "size", 1L << 21, "read_only", true)));
        assertNotSame(first, component.device());
        assertEquals(2, osgi.registrations().size());
        assertTrue(osgi.registrations().get(0).unregistered());
        assertFalse(osgi.registrations().get(1).unregistered());
        try (FakeDeviceTask write = oneBlock(ScsiOpcode.WRITE_10, 0).dataOut(new byte[512])) {
            component.device().execute(write);
            assertEquals(SenseKey.DATA_PROTECT, write.await().sense().key());
        }
        component.deactivate();
    }

    @Test
    void badAttributesFailActivation() {
        FakeBundleContext osgi = new FakeBundleContext(data);
        assertThrows(IllegalArgumentException.class, () -> new NullioDevice(osgi.context(),
                ComponentConfigs.of(NullioDevice.Config.class, Map.of("name", "x", "blocksize", 1000))));
        assertThrows(IllegalArgumentException.class, () -> new NullioDevice(osgi.context(),
                ComponentConfigs.of(NullioDevice.Config.class, Map.of("name", "x", "naa_id", "123"))));
        assertEquals(0, osgi.registrations().size());
        assertEquals("vdisk_nullio", new NullioHandler().name());
        assertEquals(NullioDevice.PID, new NullioHandler().deviceFactoryPid());
    }
}
