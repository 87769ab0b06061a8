package io.quiver.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.core.impl.target.TargetCore;
import io.quiver.scsi.AdditionalSense;
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

    /**
     * Regression: a changed configuration used to restart the component, taking the drivers, the management
     * tree and the scst.conf tool down and back; an apply that set setup_id and then created a target failed
     * with "cannot create objects below /targets/iscsi". Now the core, its targets and sessions stay.
     */
    @Test
    void aChangedConfigurationIsAppliedToTheRunningCoreAndItsSessionsStay() {
        CoreComponent c = new CoreComponent();
        c.bindDevice(device("d0"));
        c.bindLun(lun("lun.a", Map.of("target", "t1", "lun", 0, "device", "d0")));
        c.activate(null, Configs.of(CoreComponent.Config.class, Map.of("data.dir", dir.toString(), "queue.depth", 8)));
        try {
            TargetCore running = c.core();
            LocalTarget t = new LocalTargetDriver(c).createTarget("t1");
            LocalSession s = t.login("iqn.a");
            tur(s, 0);
            String serial = serial(s);
            c.modified(null, Configs.of(CoreComponent.Config.class,
                    Map.of("data.dir", dir.toString(), "queue.depth", 16, "setup_id", "0x1234abcd")));
            assertSame(running, c.core(), "the same core");
            LocalResponse ua = tur(s, 0);
            assertEquals(SenseKey.UNIT_ATTENTION, ua.sense().key());
            assertEquals(AdditionalSense.INQUIRY_DATA_HAS_CHANGED, ua.sense().additionalSense());
            String derived = serial(s);
            assertNotEquals(serial, derived);
            assertTrue(derived.startsWith("1234abcd"), "SCST's usn at once, as after a restart: " + derived);
            assertEquals(8, s.session().queueDepth(), "a session keeps its queue depth");
            assertEquals(16, t.login("iqn.b").session().queueDepth(), "a new session gets the new one");
            assertEquals(0, s.closeRequests().size(), "the session stays");
            c.modified(null, Configs.of(CoreComponent.Config.class,
                    Map.of("data.dir", dir.toString(), "queue.depth", 16, "setup_id", "305441741")));
            assertEquals(ScsiStatus.GOOD, tur(s, 0).status(), "the same setup_id in decimal changes nothing");
        } finally {
            c.deactivate();
        }
    }

    private static String serial(LocalSession s) {
        LocalResponse r = s.execute(LocalRequest.of(0, 0x12, 1, 0x80, 0, 255, 0).dataIn(255));
        assertEquals(ScsiStatus.GOOD, r.status(), r.toString());
        return new String(r.data(), 4, r.dataByte(3), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
