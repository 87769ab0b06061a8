package io.quiver.handler.cdrom.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.PeripheralDeviceType;
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

/** The DS component's life cycle, called as SCR would: the filename attribute is the medium. */
class CdromDeviceComponentTest {

    @TempDir
    Path dir;

    FakeBundleContext bundle;
    CdromDeviceComponent component;
    Map<String, Object> props = new HashMap<>();

    @BeforeEach
    void activate() throws Exception {
        bundle = new FakeBundleContext(dir);
        props.put("name", "cd1");
        props.put("filename", CdromDeviceTest.image(dir, "a.iso", 10).toString());
        component = new CdromDeviceComponent();
        component.activate(bundle.context(), config(), new HashMap<>(props));
    }

    @AfterEach
    void deactivate() throws Exception {
        component.deactivate();
        assertTrue(bundle.live().isEmpty(), "deactivate unregisters the device");
    }

    private CdromConfig config() {
        return ComponentConfigs.of(CdromConfig.class, new HashMap<>(props));
    }

    private CdromDevice registered() {
        assertEquals(1, bundle.live().size());
        FakeBundleContext.Registration r = bundle.live().get(0);
        assertEquals("cd1", r.properties().get(ScsiDevice.NAME_PROPERTY));
        assertEquals("vcdrom", r.properties().get("quiver.handler.name"));
        return (CdromDevice) r.service();
    }

    private static FakeDeviceTask readCapacity(CdromDevice d) {
        FakeDeviceTask t = new FakeDeviceTask(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        d.execute(t);
        return t;
    }

    @Test
    void theDeviceIsARemovableReadOnlyCdDrive() {
        CdromDevice d = registered();
        assertEquals(PeripheralDeviceType.CD_DVD, d.descriptor().type());
        assertTrue(d.descriptor().removable());
        assertTrue(d.descriptor().readOnly());
        assertEquals(2, d.descriptor().threads());
        try (FakeDeviceTask t = readCapacity(d)) {
            assertEquals(9, t.data().getInt(0));
        }
    }

    @Test
    void changingFilenameChangesTheMediumOfTheLiveDevice() throws Exception {
        CdromDevice d = registered();
        RecordingDeviceContext ctx = new RecordingDeviceContext();
        d.attach(ctx);
        props.put("filename", CdromDeviceTest.image(dir, "b.iso", 4).toString());
        component.modified(config(), new HashMap<>(props));
        assertSame(d, registered());
        assertEquals(1, ctx.mediumChanges());
        try (FakeDeviceTask t = readCapacity(d)) {
            assertEquals(3, t.data().getInt(0));
        }
        props.put("filename", "");
        component.modified(config(), new HashMap<>(props));
        try (FakeDeviceTask t = readCapacity(d)) {
            assertEquals(ScsiStatus.CHECK_CONDITION, t.status());
            assertEquals(AdditionalSense.MEDIUM_NOT_PRESENT, t.sense().additionalSense());
        }
        assertEquals(1, ctx.mediumChanges());
    }

    @Test
    void aMissingImageLeavesTheOldMediumIn() {
        CdromDevice d = registered();
        props.put("filename", dir.resolve("missing.iso").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> component.modified(config(), new HashMap<>(props)));
        assertTrue(e.getMessage().startsWith("filename"), e.getMessage());
        try (FakeDeviceTask t = readCapacity(d)) {
            assertEquals(9, t.data().getInt(0));
        }
    }

    @Test
    void identityChangesReplaceTheDevice() throws Exception {
        CdromDevice old = registered();
        props.put("prod_id", "VIRTUAL-CD");
        props.put("t10_vend_id", "ACME");
        component.modified(config(), new HashMap<>(props));
        CdromDevice now = registered();
        assertNotSame(old, now);
        assertEquals("VIRTUAL-CD", now.descriptor().productId());
        assertEquals("ACME", now.descriptor().vendorId());
        try (FakeDeviceTask t = readCapacity(now)) {
            assertEquals(9, t.data().getInt(0));
        }
    }

    @Test
    void anEmptyDriveActivates() throws Exception {
        CdromDeviceComponent empty = new CdromDeviceComponent();
        Map<String, Object> p = Map.of("name", "cd2");
        empty.activate(bundle.context(), ComponentConfigs.of(CdromConfig.class, p), p);
        CdromDevice d = (CdromDevice) bundle.live().get(1).service();
        try (FakeDeviceTask t = new FakeDeviceTask(0, 0, 0, 0, 0, 0)) {
            d.execute(t);
            assertEquals(AdditionalSense.MEDIUM_NOT_PRESENT, t.sense().additionalSense());
        }
        empty.deactivate();
        assertEquals(1, bundle.live().size());
    }
}
