package io.quiver.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import io.quiver.transport.local.LocalTarget;
import io.quiver.transport.local.LocalTargetDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS components, activated and bound by hand as SCR would. */
class CoreComponentTest {

    @TempDir
    Path dir;

    static ScsiDevice device(String name) {
        DeviceDescriptor d = DeviceDescriptor.builder(name, "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK).build();
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

    static LunConfiguration lun(String pid, Map<String, ?> values) {
        LunConfiguration l = new LunConfiguration();
        l.configure(Configs.of(LunConfiguration.Config.class, values), Map.of("service.pid", pid));
        return l;
    }

    private static LocalResponse tur(LocalSession s, int lun) {
        return s.execute(LocalRequest.of(lun, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void configurationsBoundBeforeAndAfterActivationMakeLuns() {
        CoreComponent c = new CoreComponent();
        ScsiDevice d0 = device("d0");
        c.bindDevice(d0);
        c.bindLun(lun("lun.a", Map.of("target", "t1", "lun", 0, "device", "d0")));
        assertThrows(IllegalStateException.class, () -> c.registerTarget(null, "t1", 0));
        c.activate(null, Configs.of(CoreComponent.Config.class, Map.of("data.dir", dir.toString(), "queue.depth", 8)));
        LocalTarget t = new LocalTargetDriver(c).createTarget("t1");
        LocalSession s = t.login("iqn.a");
        assertEquals(8, s.session().queueDepth());
        assertEquals(SenseKey.UNIT_ATTENTION, tur(s, 0).sense().key());
        assertEquals(ScsiStatus.GOOD, tur(s, 0).status());

        LunConfiguration second = lun("lun.b", Map.of("target", "t1", "lun", 1, "device", "d1", "read_only", true));
        assertTrue(second.definition().readOnly());
        c.bindLun(second);
        c.bindDevice(device("d1"));
        assertEquals(SenseKey.UNIT_ATTENTION, tur(s, 1).sense().key());
        assertEquals(ScsiStatus.GOOD, tur(s, 1).status());

        InitiatorGroupConfiguration g = new InitiatorGroupConfiguration();
        g.configure(Configs.of(InitiatorGroupConfiguration.Config.class,
                Map.of("target", "t1", "name", "none", "initiators", new String[] {"iqn.a"})), Map.of("service.pid", "g1"));
        c.bindGroup(g);
        assertEquals(SenseKey.ILLEGAL_REQUEST, tur(s, 0).sense().key(), "the empty group hides the default LUNs");
        LocalResponse sense = s.execute(LocalRequest.of(0, 0x03, 0, 0, 0, 18, 0).dataIn(18));
        assertEquals(0x3F, sense.dataByte(12), "REPORTED LUNS DATA HAS CHANGED is still reported at LUN 0");
        c.unbindGroup(g);
        c.unbindDevice(d0);
        assertEquals(ScsiStatus.BUSY, tur(s, 0).status(), "its device left: BUSY for the departure grace");
        s.close();
        LocalSession open = t.login("iqn.b");
        c.deactivate();
        assertEquals(0, s.closeRequests().size());
        assertEquals(1, open.closeRequests().size(), "stopping the core ends the open sessions");
    }

    @Test
    void dataDirectoryDefaultsToATemporaryDirectoryOutsideKaraf() throws Exception {
        Path p = CoreComponent.dataDirectory(null, Configs.of(CoreComponent.Config.class, Map.of()));
        assertTrue(Files.isDirectory(p));
        Files.delete(p);
        Path configured = CoreComponent.dataDirectory(null,
                Configs.of(CoreComponent.Config.class, Map.of("data.dir", dir.resolve("q").toString())));
        assertEquals(dir.resolve("q"), configured);
    }

    @Test
    void setupIdIsTheCoresPropertySetupId() {
        CoreComponent c = new CoreComponent();
        c.activate(null, Configs.of(CoreComponent.Config.class, Map.of("data.dir", dir.toString(), "setup_id", "0x1234abcd")));
        try {
            assertEquals(0x1234abcdL, c.core().identitySeed().setupId());
            assertTrue(Files.exists(dir.resolve("installation-id")), "the installation id is kept all the same");
        } finally {
            c.deactivate();
        }
    }
}
