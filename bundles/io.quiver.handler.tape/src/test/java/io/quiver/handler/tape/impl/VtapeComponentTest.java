package io.quiver.handler.tape.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.testing.ComponentConfigs;
import io.quiver.testing.FakeBundleContext;
import io.quiver.testing.RecordingDeviceContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A standalone drive's component: a missing cartridge file is created; a new filename is a medium change. */
class VtapeComponentTest {

    @TempDir
    Path dir;

    @Test
    void filenameIsTheCartridgeAndChangingItChangesTheMedium() throws Exception {
        FakeBundleContext bundle = new FakeBundleContext(dir);
        Map<String, Object> props = new HashMap<>(Map.of("name", "tape0", "filename", dir.resolve("BK0001.img").toString(),
                "capacity_mb", 2L));
        VtapeComponent c = new VtapeComponent();
        c.activate(bundle.context(), ComponentConfigs.of(VtapeConfig.class, new HashMap<>(props)), new HashMap<>(props));
        try {
            TapeDevice d = c.device();
            assertEquals("BK0001", d.drive().cartridge().barcode(), "created blank, barcode from the file name");
            assertEquals(2L << 20, d.drive().cartridge().capacity());
            assertEquals("vtape", bundle.live().get(0).properties().get("quiver.handler.name"));
            RecordingDeviceContext ctx = new RecordingDeviceContext();
            d.attach(ctx);
            props.put("filename", dir.resolve("BK0002.img").toString());
            c.modified(ComponentConfigs.of(VtapeConfig.class, new HashMap<>(props)), new HashMap<>(props));
            assertSame(d, c.device(), "the same device, another cartridge");
            assertEquals("BK0002", d.drive().cartridge().barcode());
            assertEquals(1, ctx.mediumChanges());
            props.put("usn", "SER42");
            c.modified(ComponentConfigs.of(VtapeConfig.class, new HashMap<>(props)), new HashMap<>(props));
            assertNotSame(d, c.device(), "any other attribute builds the drive anew");
            assertEquals("SER42", c.device().descriptor().unitSerialNumber());
            assertTrue(Files.exists(dir.resolve("BK0001.img")));
        } finally {
            c.deactivate();
        }
        assertTrue(bundle.live().isEmpty());
    }
}
