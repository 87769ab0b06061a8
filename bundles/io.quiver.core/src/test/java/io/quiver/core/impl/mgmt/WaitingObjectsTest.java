package io.quiver.core.impl.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.api.mgmt.NodeDTO;
import io.quiver.core.impl.target.TargetCore;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import io.quiver.core.impl.CoreComponentAccess;
import io.quiver.spi.device.DeviceHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.metatype.MetaTypeService;

/**
 * Devices and targets whose configuration exists while their handler's or driver's bundle does not:
 * listed, as waiting for it, changeable, and active again when it comes back.
 */
class WaitingObjectsTest {

    static final String NULLIO = "io.quiver.handler.nullio";
    static final String ISCSI = "io.quiver.transport.iscsi.target";

    @TempDir
    Path dir;

    TargetCore core;
    MapConfigStore store = new MapConfigStore();
    KnownPlugins known;
    TreeModel tree;
    ScsiDevice device = device("null1", "vdisk_nullio");

    @BeforeEach
    void setUp() {
        core = new TargetCore(dir, 32);
        known = new KnownPlugins(dir.resolve("data/known-plugins.properties"));
        tree = new TreeModel(() -> core, store, TreeModelTest.CATALOG, known);
        tree.handler("vdisk_nullio", NULLIO);
        tree.driver("iscsi", ISCSI);
        store.create(NULLIO, "null1", Map.of("name", "null1", "size", "1G"));
        store.create(ISCSI, "iqn.x", Map.of("name", "iqn.x"));
        core.addDevice(device);
    }

    @AfterEach
    void tearDown() {
        core.close();
    }

    @Test
    void aDeviceWaitsForItsHandlerAndComesBackActive() {
        assertEquals("active", state("/handlers/vdisk_nullio/null1"));
        assertEquals("installed", state("/handlers/vdisk_nullio"));

        core.removeDevice(device);
        tree.removeHandler("vdisk_nullio");
        assertEquals(List.of("vdisk_nullio"), tree.node("/handlers").get().children);
        NodeDTO handler = tree.node("/handlers/vdisk_nullio").get();
        assertEquals("not installed", handler.attribute("state").value);
        assertEquals(NULLIO, handler.attribute("factory_pid").value);
        assertFalse(handler.creatable, "no new devices for a handler that is not there");
        assertEquals(List.of("null1"), handler.children);
        NodeDTO waiting = tree.node("/handlers/vdisk_nullio/null1").get();
        assertEquals("waiting for handler vdisk_nullio", waiting.attribute("state").value);
        assertEquals("false", waiting.attribute("attached").value);
        assertEquals(NULLIO + "~null1", waiting.pid);

        tree.setAttribute("/handlers/vdisk_nullio/null1", "size", "2G");
        assertEquals("2G", store.list(NULLIO).get(0).properties().get("size"), "a waiting device's configuration can change");

        tree.handler("vdisk_nullio", NULLIO);
        core.addDevice(device);
        assertEquals("active", state("/handlers/vdisk_nullio/null1"));
    }

    @Test
    void anInstalledHandlerWhoseDeviceDidNotAttachSaysSo() {
        core.removeDevice(device);
        assertEquals("not attached (see the log)", state("/handlers/vdisk_nullio/null1"));
    }

    @Test
    void aTargetWaitsForItsDriver() {
        assertEquals("not registered (see the log)", state("/targets/iscsi/iqn.x"));
        tree.removeDriver("iscsi");
        assertTrue(tree.node("/targets").get().children.contains("iscsi"));
        assertEquals("not installed", state("/targets/iscsi"));
        assertFalse(tree.node("/targets/iscsi").get().creatable);
        assertEquals("waiting for driver iscsi", state("/targets/iscsi/iqn.x"));
        assertEquals(ISCSI + "~iqn.x", tree.node("/targets/iscsi/iqn.x").get().pid, "its configuration, still deletable");
    }

    @Test
    void handlersAndDriversSeenBeforeARestartAreKnownAfterIt() throws Exception {
        KnownPlugins afterRestart = new KnownPlugins(dir.resolve("data/known-plugins.properties"));
        assertEquals(Map.of("vdisk_nullio", NULLIO), afterRestart.handlers());
        assertEquals(Map.of("iscsi", ISCSI), afterRestart.drivers());

        core.removeDevice(device);
        TreeModel restarted = new TreeModel(() -> core, store, TreeModelTest.CATALOG, afterRestart);
        assertEquals("waiting for handler vdisk_nullio",
                restarted.node("/handlers/vdisk_nullio/null1").get().attribute("state").value);
        assertEquals("waiting for driver iscsi", restarted.node("/targets/iscsi/iqn.x").get().attribute("state").value);
    }

    @Test
    void anUnreadableFileStartsEmpty() throws Exception {
        Path file = dir.resolve("known.properties");
        Files.writeString(file, "handler.a=\\u00zz");
        assertTrue(new KnownPlugins(file).handlers().isEmpty());
        assertTrue(new KnownPlugins().handlers().isEmpty());
    }

    @Test
    void aDeviceOfAnUninstalledBundleIsListedWithoutAskingItsMetatype() {
        int[] state = {Bundle.ACTIVE};
        Bundle handlerBundle = ManagementTreeComponentTest.proxy(Bundle.class, (m, a) -> m.equals("getState") ? state[0] : null);
        Bundle coreBundle = ManagementTreeComponentTest.proxy(Bundle.class, (m, a) -> m.equals("getState") ? Bundle.ACTIVE : null);
        BundleContext context = ManagementTreeComponentTest.proxy(BundleContext.class,
                (m, a) -> m.equals("getBundle") ? coreBundle : null);
        ManagementTreeComponent component = new ManagementTreeComponent(context, CoreComponentAccess.active(dir),
                ManagementTreeComponentTest.configAdmin(new TreeMap<>()));
        component.metaType = ManagementTreeComponentTest.proxy(MetaTypeService.class, (m, a) -> {
            if (((Bundle) a[0]).getState() == Bundle.UNINSTALLED) {
                throw new IllegalStateException("The bundle is uninstalled.");
            }
            return null;
        });
        DeviceHandler handler = ManagementTreeComponentTest.proxy(DeviceHandler.class,
                (m, a) -> m.equals("name") ? "vdisk_nullio" : m.equals("deviceFactoryPid") ? NULLIO : null);
        @SuppressWarnings("unchecked")
        ServiceReference<DeviceHandler> ref = ManagementTreeComponentTest.proxy(ServiceReference.class,
                (m, a) -> m.equals("getBundle") ? handlerBundle : null);
        component.bindHandler(handler, ref);
        component.create("/handlers/vdisk_nullio", "null1", Map.of());

        component.unbindHandler(handler);
        state[0] = Bundle.UNINSTALLED;
        assertEquals("waiting for handler vdisk_nullio",
                component.node("/handlers/vdisk_nullio/null1").get().attribute("state").value);
    }

    private String state(String path) {
        return tree.node(path).get().attribute("state").value;
    }

    private static ScsiDevice device(String name, String handler) {
        DeviceDescriptor d = DeviceDescriptor.builder(name, handler, PeripheralDeviceType.DIRECT_ACCESS_BLOCK).build();
        return new ScsiDevice() {
            @Override
            public DeviceDescriptor descriptor() {
                return d;
            }

            @Override
            public void execute(DeviceTask task) {
                task.complete();
            }
        };
    }
}
