package io.quiver.handler.fileio.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS component's life cycle, called as SCR would, with real files and the real SBC device. */
class FileioDeviceComponentTest {

    @TempDir
    Path dir;

    FakeBundleContext bundle;
    FileioDeviceComponent component;
    Map<String, Object> props = new HashMap<>();
    Path file;

    @BeforeEach
    void activate() throws Exception {
        bundle = new FakeBundleContext(dir.resolve("data"));
        file = dir.resolve("disk1.img");
        props.put("name", "disk1");
        props.put("filename", file.toString());
        props.put("size", 1L << 20);
        component = new FileioDeviceComponent();
        component.activate(bundle.context(), config());
    }

    @AfterEach
    void deactivate() {
        component.deactivate();
        assertTrue(bundle.live().isEmpty(), "deactivate unregisters the device");
    }

    private FileioConfig config() {
        return ComponentConfigs.of(FileioConfig.class, new HashMap<>(props));
    }

    private SbcDevice registered() {
        assertEquals(1, bundle.live().size());
        FakeBundleContext.Registration r = bundle.live().get(0);
        assertEquals("disk1", r.properties().get(ScsiDevice.NAME_PROPERTY));
        assertEquals("vdisk_fileio", r.properties().get("quiver.handler.name"));
        return (SbcDevice) r.service();
    }

    private static long lastLba(SbcDevice d) throws InterruptedException {
        try (FakeDeviceTask t = new FakeDeviceTask(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0)) {
            d.execute(t);
            t.await();
            assertEquals(ScsiStatus.GOOD, t.status(), () -> String.valueOf(t.sense()));
            return t.data().getUnsignedInt(0);
        }
    }

    @Test
    void activationCreatesTheFileAndRegistersTheDevice() throws Exception {
        SbcDevice d = registered();
        assertEquals(1L << 20, Files.size(file));
        assertEquals("vdisk_fileio", d.descriptor().handlerName());
        // A file read through the page cache serves cached READs on the submitting thread (inline_cached_reads,
        // on by default): the core gives it no threads and the device moves the rest to its threads_num threads.
        assertEquals(0, d.descriptor().threads(), "inline_cached_reads");
        assertTrue(d.descriptor().reorders());
        assertEquals(2047, lastLba(d));
    }

    @Test
    void withoutInlineCachedReadsTheCoreRunsThreadsNumThreads() throws Exception {
        props.put("inline_cached_reads", false);
        component.modified(config());
        assertEquals(2, registered().descriptor().threads(), "threads_num");
        assertEquals(2047, lastLba(registered()));
    }

    @Test
    void writesThroughTheDeviceLandInTheFile() throws Exception {
        SbcDevice d = registered();
        byte[] block = new byte[512];
        java.util.Arrays.fill(block, (byte) 0x5A);
        try (FakeDeviceTask w = new FakeDeviceTask(0x2A, 0x08, 0, 0, 0, 3, 0, 0, 1, 0)) {
            w.dataOut(block);
            d.execute(w);
            w.await();
            assertEquals(ScsiStatus.GOOD, w.status(), () -> String.valueOf(w.sense()));
        }
        byte[] onDisk = Files.readAllBytes(file);
        assertEquals(0x5A, onDisk[3 * 512]);
        assertEquals(0, onDisk[3 * 512 - 1]);
        try (FakeDeviceTask r = new FakeDeviceTask(0x28, 0, 0, 0, 0, 3, 0, 0, 1, 0)) {
            d.execute(r);
            r.await();
            assertArrayEquals(block, r.bytes());
        }
    }

    @Test
    void aLargerSizeResizesTheLiveDevice() throws Exception {
        SbcDevice d = registered();
        RecordingDeviceContext ctx = new RecordingDeviceContext();
        d.attach(ctx);
        props.put("size", 2L << 20);
        component.modified(config());
        assertSame(d, registered(), "same device, same registration");
        assertEquals(1, ctx.capacityChanges());
        assertEquals(2L << 20, Files.size(file));
        assertEquals(4095, lastLba(d));

        props.put("size", 1L << 20);
        component.modified(config());
        assertEquals(1, ctx.capacityChanges(), "the file's size wins over a smaller size");
        assertEquals(4095, lastLba(d));
    }

    @Test
    void otherChangesReplaceTheDevice() throws Exception {
        SbcDevice old = registered();
        props.put("prod_id", "FASTDISK");
        props.put("threads_num", 1);
        props.put("inline_cached_reads", false);
        component.modified(config());
        SbcDevice now = registered();
        assertNotSame(old, now);
        assertEquals("FASTDISK", now.descriptor().productId());
        assertEquals(1, now.descriptor().threads());
        assertEquals(2, bundle.registrations().size());
    }

    @Test
    void aRefusedChangeKeepsTheOldDeviceServing() throws Exception {
        SbcDevice old = registered();
        props.put("blocksize", 1024);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> component.modified(config()));
        assertTrue(e.getMessage().startsWith("blocksize"), e.getMessage());
        assertSame(old, registered());
        assertEquals(2047, lastLba(old));
    }

    @Test
    void thinProvisioningIsRealOrRefused() throws Exception {
        Map<String, Object> thin = new HashMap<>(props);
        thin.put("name", "thin1");
        thin.put("filename", dir.resolve("thin.img").toString());
        thin.put("thin_provisioned", true);
        FileioDeviceComponent c = new FileioDeviceComponent();
        c.activate(bundle.context(), ComponentConfigs.of(FileioConfig.class, thin));
        try {
            SbcDevice d = (SbcDevice) bundle.live().get(1).service();
            assertTrue(d.store().thinProvisioned());
            assertEquals(-2048, d.store().provisioningExtent(0, 2048), "a new file is one hole");
            try (FakeDeviceTask w = new FakeDeviceTask(0x2A, 0, 0, 0, 0, 0, 0, 0, 8, 0)) {
                w.dataOut(FakeDeviceTask.ALLOC.directBuffer(4096).writeZero(4096).setByte(0, 1));
                d.execute(w);
                assertEquals(ScsiStatus.GOOD, w.await().status(), () -> String.valueOf(w.sense()));
            }
            assertEquals(8, d.store().provisioningExtent(0, 2048), "the written blocks are mapped");
            try (FakeDeviceTask u = new FakeDeviceTask(0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0)) {
                u.dataOut(FakeDeviceTask.ALLOC.directBuffer(24).writeShort(22).writeShort(16).writeInt(0)
                        .writeLong(0).writeInt(8).writeInt(0));
                d.execute(u);
                assertEquals(ScsiStatus.GOOD, u.await().status(), () -> String.valueOf(u.sense()));
            }
            assertEquals(-2048, d.store().provisioningExtent(0, 2048), "UNMAP punched them out again");
        } finally {
            c.deactivate();
        }
    }
}
