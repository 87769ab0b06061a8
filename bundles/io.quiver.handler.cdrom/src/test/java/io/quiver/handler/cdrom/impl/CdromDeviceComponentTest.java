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

    TestBundleContext bundle;
    CdromDeviceComponent component;
    Map<String, Object> props = new HashMap<>();

    @BeforeEach
    void activate() throws Exception {
        bundle = new TestBundleContext(dir.toFile());
        props.put("name", "cd1");
        props.put("filename", CdromDeviceTest.image(dir, "a.iso", 10).toString());
        component = new CdromDeviceComponent();
        component.activate(bundle.context, config(), new HashMap<>(props));
    }

    @AfterEach
    void deactivate() throws Exception {
        component.deactivate();
        assertTrue(bundle.live().isEmpty(), "deactivate unregisters the device");
    }

    private CdromConfig config() {
        return Configs.of(CdromConfig.class, new HashMap<>(props));
    }

    private CdromDevice registered() {
        assertEquals(1, bundle.live().size());
        TestBundleContext.Registration r = bundle.live().get(0);
        assertEquals("cd1", r.properties.get(ScsiDevice.NAME_PROPERTY));
        assertEquals("vcdrom", r.properties.get("quiver.handler.name"));
        return (CdromDevice) r.service;
    }

    private static TestTask readCapacity(CdromDevice d) {
        TestTask t = new TestTask(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0);
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
        try (TestTask t = readCapacity(d)) {
            assertEquals(9, t.data.getInt(0));
        }
    }

    @Test
    void changingFilenameChangesTheMediumOfTheLiveDevice() throws Exception {
        CdromDevice d = registered();
        TestDeviceContext ctx = new TestDeviceContext();
        d.attach(ctx);
        props.put("filename", CdromDeviceTest.image(dir, "b.iso", 4).toString());
        component.modified(config(), new HashMap<>(props));
        assertSame(d, registered());
        assertEquals(1, ctx.mediumChanges.get());
        try (TestTask t = readCapacity(d)) {
            assertEquals(3, t.data.getInt(0));
        }
        props.put("filename", "");
        component.modified(config(), new HashMap<>(props));
        try (TestTask t = readCapacity(d)) {
            assertEquals(ScsiStatus.CHECK_CONDITION, t.status);
            assertEquals(AdditionalSense.MEDIUM_NOT_PRESENT, t.sense.additionalSense());
        }
        assertEquals(1, ctx.mediumChanges.get());
    }

    @Test
    void aMissingImageLeavesTheOldMediumIn() {
        CdromDevice d = registered();
        props.put("filename", dir.resolve("missing.iso").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> component.modified(config(), new HashMap<>(props)));
        assertTrue(e.getMessage().startsWith("filename"), e.getMessage());
        try (TestTask t = readCapacity(d)) {
            assertEquals(9, t.data.getInt(0));
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
        try (TestTask t = readCapacity(now)) {
            assertEquals(9, t.data.getInt(0));
        }
    }

    @Test
    void anEmptyDriveActivates() throws Exception {
        CdromDeviceComponent empty = new CdromDeviceComponent();
        Map<String, Object> p = Map.of("name", "cd2");
        empty.activate(bundle.context, Configs.of(CdromConfig.class, p), p);
        CdromDevice d = (CdromDevice) bundle.live().get(1).service;
        try (TestTask t = new TestTask(0, 0, 0, 0, 0, 0)) {
            d.execute(t);
            assertEquals(AdditionalSense.MEDIUM_NOT_PRESENT, t.sense.additionalSense());
        }
        empty.deactivate();
        assertEquals(1, bundle.live().size());
    }
}
