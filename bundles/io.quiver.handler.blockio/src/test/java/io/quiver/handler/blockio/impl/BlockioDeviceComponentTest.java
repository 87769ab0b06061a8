package io.quiver.handler.blockio.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.sbc.SbcDevice;
import io.quiver.scsi.ScsiStatus;
import io.quiver.spi.device.ScsiDevice;
import io.quiver.testing.ComponentConfigs;
import io.quiver.testing.FakeBundleContext;
import io.quiver.testing.FakeDeviceTask;
import io.quiver.testing.RecordingDeviceContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS component's life cycle over a real loop device, called as SCR would. */
class BlockioDeviceComponentTest {

    @TempDir
    Path dir;

    LoopDevice loop;
    FakeBundleContext bundle;
    BlockioDeviceComponent component;
    Map<String, Object> props = new HashMap<>();

    @BeforeEach
    void activate() throws Exception {
        loop = LoopDevice.create(dir.resolve("lun.img"), 4 << 20);
        bundle = new FakeBundleContext(dir.resolve("data"));
        props.put("name", "bdev1");
        props.put("filename", loop.device.toString());
        props.put("blocksize", 4096);
        component = new BlockioDeviceComponent();
        component.activate(bundle.context(), config());
    }

    @AfterEach
    void deactivate() throws Exception {
        if (component != null) {
            component.deactivate();
            assertTrue(bundle.live().isEmpty());
        }
        if (loop != null) {
            loop.close();
        }
    }

    private BlockioConfig config() {
        return ComponentConfigs.of(BlockioConfig.class, new HashMap<>(props));
    }

    private SbcDevice registered() {
        assertEquals(1, bundle.live().size());
        FakeBundleContext.Registration r = bundle.live().get(0);
        assertEquals("bdev1", r.properties().get(ScsiDevice.NAME_PROPERTY));
        assertEquals("vdisk_blockio", r.properties().get("quiver.handler.name"));
        return (SbcDevice) r.service();
    }

    private static long lastLba(SbcDevice d) throws InterruptedException {
        try (FakeDeviceTask t = new FakeDeviceTask(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0)) {
            d.execute(t);
            t.await();
            assertEquals(ScsiStatus.GOOD, t.status(), () -> String.valueOf(t.sense()));
            assertEquals(4096, t.data().getInt(4));
            return t.data().getUnsignedInt(0);
        }
    }

    @Test
    void theDeviceSizeIsTheBlockDevicesAndFollowsItOnUpdate() throws Exception {
        SbcDevice d = registered();
        assertEquals(1023, lastLba(d));
        RecordingDeviceContext ctx = new RecordingDeviceContext();
        d.attach(ctx);
        loop.grow(8 << 20);
        component.modified(config());
        assertSame(d, registered());
        assertEquals(1, ctx.capacityChanges());
        assertEquals(2047, lastLba(d));
        component.modified(config());
        assertEquals(1, ctx.capacityChanges(), "no change, no unit attention");
    }

    @Test
    void otherChangesReplaceTheDevice() throws Exception {
        SbcDevice old = registered();
        props.put("usn", "SER123");
        component.modified(config());
        SbcDevice now = registered();
        assertNotSame(old, now);
        assertEquals("SER123", now.descriptor().unitSerialNumber());
    }

    @Test
    void discardIsRefusedAndTheOldDeviceStays() {
        SbcDevice old = registered();
        props.put("thin_provisioned", true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> component.modified(config()));
        assertTrue(e.getMessage().contains("BLKDISCARD"), e.getMessage());
        assertSame(old, registered());
    }
}
