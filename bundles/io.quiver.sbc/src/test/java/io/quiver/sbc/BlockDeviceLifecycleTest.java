package io.quiver.sbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.spi.device.ScsiDevice;
import io.quiver.testing.ComponentConfigs;
import io.quiver.testing.FakeBundleContext;
import io.quiver.testing.RecordingDeviceContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockDeviceLifecycleTest {

    @interface Config {
        String name();

        long size() default 1 << 20;

        boolean read__only() default false;

        String t10__vend__id() default "QUIVER";
    }

    @TempDir
    Path data;

    private FakeBundleContext osgi;
    private final List<SizedStore> opened = new ArrayList<>();
    private final List<Set<String>> resizes = new ArrayList<>();
    private IOException openFailure;
    private BlockDeviceLifecycle<Config> lifecycle;

    @BeforeEach
    void setUp() {
        osgi = new FakeBundleContext(data);
        lifecycle = new BlockDeviceLifecycle<>(osgi.context(), Config.class, "vdisk_test", Set.of("size"),
                this::open, this::resize);
    }

    private SbcDevice open(Config c) throws IOException {
        if (openFailure != null) {
            throw openFailure;
        }
        SizedStore s = new SizedStore(false);
        s.blocks = c.size() / 4096;
        opened.add(s);
        return new SbcDevice(VdiskAttributes.builder(c.name(), "vdisk_test", c.t10__vend__id(), "", "", "", "", "",
                c.read__only(), false).build(), s, SbcOptions.defaults());
    }

    private boolean resize(Config c, Set<String> changed, SbcDevice d) {
        resizes.add(changed);
        SizedStore s = (SizedStore) d.store();
        long blocks = c.size() / 4096;
        boolean grew = blocks != s.blocks;
        s.blocks = blocks;
        return grew;
    }

    private static Config config(Object... keysAndValues) {
        return ComponentConfigs.of(Config.class, ComponentConfigs.properties(keysAndValues));
    }

    @Test
    void activateRegistersTheDeviceByNameAndHandlerAndDeactivateClosesIt() throws Exception {
        lifecycle.activate(config("name", "d0"));
        FakeBundleContext.Registration r = osgi.registrations().get(0);
        assertEquals(List.of(ScsiDevice.class.getName()), r.objectClass());
        assertEquals("d0", r.properties().get(ScsiDevice.NAME_PROPERTY));
        assertEquals("vdisk_test", r.properties().get(BlockDeviceLifecycle.HANDLER_PROPERTY));
        assertSame(lifecycle.device(), r.service());

        lifecycle.deactivate();
        assertTrue(r.unregistered());
        assertTrue(opened.get(0).closed);
        assertNull(lifecycle.device());
    }

    @Test
    void aSizeChangeResizesTheLiveDeviceAndRaisesCapacityChanged() throws Exception {
        lifecycle.activate(config("name", "d1"));
        SbcDevice first = lifecycle.device();
        RecordingDeviceContext ctx = new RecordingDeviceContext();
        first.attach(ctx);

        lifecycle.modified(config("name", "d1", "size", 2L << 20));
        assertSame(first, lifecycle.device());
        assertEquals(512, first.store().capacityBlocks());
        assertEquals(List.of(Set.of("size")), resizes);
        assertEquals(1, ctx.capacityChanges());
        assertEquals(1, osgi.registrations().size());

        lifecycle.modified(config("name", "d1", "size", 2L << 20));
        assertEquals(List.of(Set.of("size"), Set.of()), resizes, "an empty update lets the handler resync");
        assertEquals(1, ctx.capacityChanges(), "no change, no unit attention");
        lifecycle.deactivate();
    }

    @Test
    void anyOtherChangeReplacesTheDeviceAndItsRegistration() throws Exception {
        lifecycle.activate(config("name", "d2"));
        SbcDevice first = lifecycle.device();
        lifecycle.modified(config("name", "d2", "size", 2L << 20, "read_only", true));

        assertNotSame(first, lifecycle.device());
        assertTrue(lifecycle.device().descriptor().readOnly());
        assertTrue(osgi.registrations().get(0).unregistered());
        assertTrue(opened.get(0).closed);
        assertEquals(List.of(osgi.registrations().get(1)), osgi.live());
        assertTrue(resizes.isEmpty());
        lifecycle.deactivate();
    }

    @Test
    void whenTheReplacementCannotBeOpenedTheOldDeviceKeepsServing() throws Exception {
        lifecycle.activate(config("name", "d3"));
        SbcDevice first = lifecycle.device();
        openFailure = new IOException("no such file");

        assertThrows(IOException.class, () -> lifecycle.modified(config("name", "d3", "t10_vend_id", "ACME")));
        assertSame(first, lifecycle.device());
        assertFalse(opened.get(0).closed);
        assertEquals(1, osgi.live().size());

        openFailure = null;
        lifecycle.modified(config("name", "d3", "t10_vend_id", "ACME"));
        assertEquals("ACME", lifecycle.device().descriptor().vendorId(), "the refused change is retried in full");
        lifecycle.deactivate();
    }

    @Test
    void changedAttributesNamesPropertiesAsDeclarativeServicesDoes() {
        assertEquals(Set.of("read_only", "t10_vend_id"), BlockDeviceLifecycle.changedAttributes(Config.class,
                config("name", "x"), config("name", "x", "read_only", true, "t10_vend_id", "ACME")));
        assertEquals(Set.of(), BlockDeviceLifecycle.changedAttributes(Config.class,
                config("name", "x", "size", 1L << 20), config("name", "x")));
    }
}
