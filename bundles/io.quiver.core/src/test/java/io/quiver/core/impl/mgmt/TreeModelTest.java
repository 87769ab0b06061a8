package io.quiver.core.impl.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.CommandDTO;
import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.api.mgmt.ObjectNames;
import io.quiver.core.impl.InitiatorGroupConfiguration;
import io.quiver.core.impl.LunConfiguration;
import io.quiver.core.impl.map.LunDefinition;
import io.quiver.core.impl.target.TargetCore;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalSession;
import io.quiver.transport.local.LocalTargetDriver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management tree over a running core, a map of configurations and a fixed attribute catalog. */
class TreeModelTest {

    static final String FILEIO = "io.quiver.handler.fileio";

    static final String DRIVER_PID = "io.quiver.transport.iscsi";

    static final AttributeCatalog CATALOG = pid -> switch (pid) {
        case LunConfiguration.PID -> List.of(
                new AttributeCatalog.Definition("target", "Target", "The target.", "String", false, null),
                new AttributeCatalog.Definition("lun", "LUN", "The LUN number.", "Integer", false, "0"),
                new AttributeCatalog.Definition("device", "Device", "The device.", "String", false, null),
                new AttributeCatalog.Definition("read_only", "Read-only", "Write-protect.", "Boolean", false, "false"),
                new AttributeCatalog.Definition("group", "Group", "The group.", "String", false, ""));
        case InitiatorGroupConfiguration.PID -> List.of(
                new AttributeCatalog.Definition("target", "Target", "The target.", "String", false, null),
                new AttributeCatalog.Definition("name", "Name", "The name.", "String", false, null),
                new AttributeCatalog.Definition("initiators", "Initiators", "Patterns.", "String", true, null));
        case "io.quiver.core.alua.targetgroup" -> List.of(
                new AttributeCatalog.Definition("name", "Name", "Group name.", "String", false, null),
                new AttributeCatalog.Definition("state", "State", "Access state.", "String", false, "active/optimized"));
        case FILEIO -> List.of(
                new AttributeCatalog.Definition("name", "Name", "Device name.", "String", false, null),
                new AttributeCatalog.Definition("filename", "File", "Backing file.", "String", false, null),
                new AttributeCatalog.Definition("secret", "Secret", "A password.", "Password", false, null));
        case DRIVER_PID -> List.of(
                new AttributeCatalog.Definition("iSNSServer", "iSNSServer", "iSNS server.", "String", false, ""),
                new AttributeCatalog.Definition("login_balance", "Balance", "Balance logins.", "Boolean", false, "false"));
        default -> List.of();
    };

    @TempDir
    Path dir;

    TargetCore core;
    MapConfigStore store = new MapConfigStore();
    TreeModel tree;
    LocalSession session;

    @BeforeEach
    void setUp() {
        core = new TargetCore(dir, 32);
        tree = new TreeModel(() -> core, store, CATALOG);
        tree.handler("vdisk_fileio", FILEIO);
        DeviceDescriptor d = DeviceDescriptor.builder("disk1", "vdisk_fileio", PeripheralDeviceType.DIRECT_ACCESS_BLOCK).build();
        core.addDevice(new ScsiDevice() {
            @Override
            public DeviceDescriptor descriptor() {
                return d;
            }

            @Override
            public void execute(DeviceTask task) {
                task.complete();
            }

            @Override
            public Map<String, String> runtimeAttributes() {
                return Map.of("cartridge", "TAPE01");
            }
        });
        store.create(FILEIO, "disk1", Map.of("name", "disk1", "filename", "/tmp/disk1", "secret", "pw"));
        new LocalTargetDriver(core).createTarget("t1");
        session = ((LocalTargetDriver) core.targets().iterator().next().driver()).createTarget("t2").login("iqn.a");
    }

    @AfterEach
    void tearDown() {
        session.close();
        core.close();
    }

    @Test
    void rootAndCollections() {
        assertEquals(List.of("alua", "handlers", "sessions", "targets"), tree.node("/").get().children);
        assertEquals(List.of("vdisk_fileio"), tree.node("/handlers").get().children);
        assertEquals(List.of("scst_local"), tree.node("/targets/").get().children);
        assertEquals(List.of("t1", "t2"), tree.node("/targets/scst_local").get().children);
        assertEquals(List.of("ini_groups", "luns", "sessions"), tree.node("/targets/scst_local/t1").get().children);
        assertTrue(tree.node("/nowhere").isEmpty());
        assertTrue(tree.node("/targets/scst_local/t9").isEmpty());
        assertThrows(ManagementException.class, () -> tree.node("relative"));
    }

    @Test
    void theRootCarriesSetupIdAndTheInstallationId() {
        NodeDTO root = tree.node("/").get();
        assertEquals(io.quiver.core.impl.CoreComponent.PID, root.pid);
        AttributeDTO setupId = root.attribute("setup_id");
        assertTrue(setupId.writable);
        assertFalse(setupId.key);
        assertEquals(core.identitySeed().installationId(), root.attribute("installation_id").value);
        tree.setAttribute("/", "setup_id", "0x1234abcd");
        assertEquals("0x1234abcd", store.properties(io.quiver.core.impl.CoreComponent.PID).get("setup_id"));
        assertTrue(tree.node("/").get().attribute("setup_id").key, "[key] once set");
        ManagementException bad = assertThrows(ManagementException.class, () -> tree.setAttribute("/", "setup_id", "0x1ffffffff"));
        assertTrue(bad.getMessage().startsWith("setup_id"), bad.getMessage());
        assertThrows(ManagementException.class, () -> tree.setAttribute("/", "installation_id", "x"));
        tree.setAttribute("/", "setup_id", null);
        assertFalse(tree.node("/").get().attribute("setup_id").key);
    }

    @Test
    void deviceNodesJoinConfigurationMetatypeAndStatistics() {
        NodeDTO n = tree.node("/handlers/vdisk_fileio/disk1").get();
        assertEquals("device", n.kind);
        assertEquals(FILEIO + "~disk1", n.pid);
        AttributeDTO file = n.attribute("filename");
        assertEquals("/tmp/disk1", file.value);
        assertEquals("Backing file.", file.description);
        assertTrue(file.writable);
        assertTrue(file.key);
        AttributeDTO secret = n.attribute("secret");
        assertTrue(secret.secret);
        assertEquals(null, secret.value);
        assertEquals("true", n.attribute("attached").value);
        assertFalse(n.attribute("attached").writable);
        assertEquals("0", n.attribute("commands").value);
        assertEquals(1, tree.children("/handlers/vdisk_fileio").size());
        AttributeDTO runtime = n.attribute("cartridge");
        assertEquals("TAPE01", runtime.value, "what the device reports at run time");
        assertFalse(runtime.writable);
    }

    @Test
    void lunsAreCreatedChangedAndDeletedAsConfigurations() {
        String path = tree.create("/targets/scst_local/t1/luns", "3", Map.of("device", "disk1"));
        assertEquals("/targets/scst_local/t1/luns/3", path);
        ConfigStore.Entry e = store.list(LunConfiguration.PID).get(0);
        assertEquals(3, e.properties().get("lun"));
        assertEquals("t1", e.properties().get("target"));
        NodeDTO lun = tree.node(path).get();
        assertEquals("disk1", lun.attribute("device").value);
        assertFalse(lun.attribute("read_only").key);
        assertEquals("true", lun.attribute("active").value);
        tree.setAttribute(path, "read_only", "true");
        assertTrue(tree.node(path).get().attribute("read_only").key);
        assertThrows(ManagementException.class, () -> tree.setAttribute(path, "read_only", "maybe"));
        assertThrows(ManagementException.class, () -> tree.setAttribute(path, "active", "false"));
        assertThrows(ManagementException.class, () -> tree.create("/targets/scst_local/t1/luns", "3", Map.of("device", "x")));
        assertThrows(ManagementException.class, () -> tree.create("/targets/scst_local/t1/luns", "4", Map.of("colour", "x")));
        assertThrows(ManagementException.class, () -> tree.create("/targets/scst_local/t1/luns", "x1", Map.of()));
        assertThrows(ManagementException.class, () -> tree.create("/targets/scst_local/t1/luns", "16384", Map.of()));
        tree.delete(path);
        assertTrue(store.list(LunConfiguration.PID).isEmpty());
        assertTrue(tree.node(path).isEmpty());
    }

    @Test
    void groupsAndTheirLuns() {
        tree.create("/targets/scst_local/t1/ini_groups", "linux", Map.of("initiators", "iqn.*, !iqn.x"));
        NodeDTO g = tree.node("/targets/scst_local/t1/ini_groups/linux").get();
        assertEquals("iqn.*,!iqn.x", g.attribute("initiators").value);
        assertEquals("String[]", g.attribute("initiators").type);
        tree.create("/targets/scst_local/t1/ini_groups/linux/luns", "0", Map.of("device", "disk1"));
        assertEquals("linux", store.list(LunConfiguration.PID).get(0).properties().get("group"));
        assertEquals(List.of("0"), tree.node("/targets/scst_local/t1/ini_groups/linux/luns").get().children);
        assertEquals(List.of(), tree.node("/targets/scst_local/t1/luns").get().children);
    }

    @Test
    void creatableCollectionsDescribeCreateWithTheNewObjectsAttributes() {
        CommandDTO create = tree.node("/targets/scst_local/t1/luns").get().commands.stream()
                .filter(c -> c.name.equals("create")).findFirst().orElseThrow();
        assertEquals(List.of("name", "device", "read_only"), create.parameters.stream().map(p -> p.name).toList());
        assertEquals("Boolean", create.parameters.get(2).type);
        assertEquals("false", create.parameters.get(2).defaultValue);
        assertTrue(tree.node("/targets/scst_local/t1").get().commands.stream().noneMatch(c -> c.name.equals("create")));

        assertEquals("created /targets/scst_local/t1/luns/3",
                tree.run("/targets/scst_local/t1/luns", "create", Map.of("name", "3", "device", "disk1")));
        assertEquals("disk1", tree.node("/targets/scst_local/t1/luns/3").get().attribute("device").value);
        assertThrows(ManagementException.class, () -> tree.run("/targets/scst_local/t1/luns", "create", Map.of("device", "disk1")));
    }

    @Test
    void aluaGroupsAreConfiguredObjects() {
        assertEquals(List.of("device_groups", "target_groups"), tree.node("/alua").get().children);
        tree.create("/alua/target_groups", "tg1", Map.of("state", "standby"));
        NodeDTO g = tree.node("/alua/target_groups/tg1").get();
        assertEquals("alua_target_group", g.kind);
        assertEquals("standby", g.attribute("state").value);
        assertTrue(g.attribute("state").key);
        tree.setAttribute("/alua/target_groups/tg1", "state", null);
        assertEquals("active/optimized", tree.node("/alua/target_groups/tg1").get().attribute("state").value);
        tree.delete("/alua/target_groups/tg1");
        assertEquals(List.of(), tree.node("/alua/target_groups").get().children);
    }

    @Test
    void devicesNameTheLunsThatUseThem() {
        assertEquals("", tree.node("/handlers/vdisk_fileio/disk1").get().attribute("used_by").value);
        tree.create("/targets/scst_local/t1/luns", "2", Map.of("device", "disk1"));
        tree.create("/targets/scst_local/t1/ini_groups", "linux", Map.of());
        tree.create("/targets/scst_local/t1/ini_groups/linux/luns", "0", Map.of("device", "disk1"));
        assertEquals("t1/2,t1/ini_groups/linux/0", tree.node("/handlers/vdisk_fileio/disk1").get().attribute("used_by").value);
    }

    @Test
    void creatableCollectionsNameTheirFactoryPid() {
        assertEquals(FILEIO, tree.node("/handlers/vdisk_fileio").get().attribute("factory_pid").value);
        assertEquals(LunConfiguration.PID, tree.node("/targets/scst_local/t1/luns").get().attribute("factory_pid").value);
        assertEquals(InitiatorGroupConfiguration.PID,
                tree.node("/targets/scst_local/t1/ini_groups").get().attribute("factory_pid").value);
        assertEquals("io.quiver.core.alua.targetgroup", tree.node("/alua/target_groups").get().attribute("factory_pid").value);
        assertEquals("", tree.node("/targets/scst_local").get().attribute("factory_pid").value);
    }

    @Test
    void devicesAreCreatedUnderTheirHandler() {
        tree.create("/handlers/vdisk_fileio", "disk2", Map.of("filename", "/tmp/d2"));
        assertEquals(List.of("disk1", "disk2"), tree.node("/handlers/vdisk_fileio").get().children);
        assertEquals("false", tree.node("/handlers/vdisk_fileio/disk2").get().attribute("attached").value);
        assertThrows(ManagementException.class, () -> tree.create("/targets/scst_local", "t3", Map.of()));
    }

    /** One rule with the views (ObjectNames): whole relative segments are refused, dots inside a name are not. */
    @Test
    void namesFollowTheObjectNamesRule() {
        String handler = "/handlers/vdisk_fileio";
        assertEquals(handler + "/d..1", tree.create(handler, "d..1", Map.of("filename", "/tmp/d")));
        assertTrue(tree.node(handler + "/d..1").isPresent());
        assertEquals("/handlers/vdisk_fileio/..: no relative segments in paths: ..",
                assertThrows(ManagementException.class, () -> tree.node(handler + "/..")).getMessage());
        for (String bad : List.of("", "..", "a/b", "n".repeat(ObjectNames.MAX_LENGTH + 1))) {
            ManagementException e = assertThrows(ManagementException.class, () -> tree.create(handler, bad, Map.of()));
            assertEquals(handler + ": not a valid name: " + ObjectNames.refusal(bad), e.getMessage());
        }
        assertEquals("not a LUN number (0..16383): 16384", assertThrows(ManagementException.class,
                () -> tree.create("/targets/scst_local/t1/luns", "16384", Map.of())).getMessage());
        assertEquals(List.of("disk1", "d..1"), store.list(FILEIO).stream().map(e -> e.get("name")).toList());
    }

    @Test
    void sessionsAreReadOnlyWithStatisticsAndCommands() {
        core.putLun(new LunDefinition("l", "t2", 0, "disk1", false, ""));
        session.execute(LocalRequest.of(0, 0, 0, 0, 0, 0, 0));
        String id = tree.node("/sessions").get().children.get(0);
        NodeDTO s = tree.node("/sessions/" + id).get();
        assertEquals("iqn.a", s.attribute("initiator").value);
        assertEquals("t2", s.attribute("target").value);
        assertEquals("0", s.attribute("luns").value);
        assertEquals("loopback", s.attribute("transport.transport").value);
        assertEquals("1", s.attribute("commands").value);
        assertEquals("0", s.attribute("commands_in_flight").value);
        assertTrue(tree.node("/targets/scst_local/t2/sessions/" + id).isPresent());
        assertTrue(tree.node("/targets/scst_local/t1/sessions/" + id).isEmpty());
        tree.run("/sessions/" + id, "reset_statistics", Map.of());
        assertEquals("0", tree.node("/sessions/" + id).get().attribute("commands").value);
        assertThrows(ManagementException.class, () -> tree.delete("/sessions/" + id));
        assertThrows(ManagementException.class, () -> tree.run("/sessions/" + id, "explode", Map.of()));
        tree.run("/sessions/" + id, "close", Map.of());
        assertEquals(1, session.closeRequests().size());
        assertTrue(tree.node("/sessions/" + id).isEmpty());
    }

    /** A driver's own configuration is the attributes of /targets/<driver>: shown with defaults, set as a singleton. */
    @Test
    void driverLevelAttributesAreTheDriversOwnConfiguration() {
        tree.driver("iscsi", "io.quiver.transport.iscsi.target", DRIVER_PID);
        NodeDTO driver = tree.node("/targets/iscsi").get();
        assertEquals(DRIVER_PID, driver.pid);
        assertEquals("installed", driver.attribute("state").value);
        assertTrue(store.properties(DRIVER_PID).isEmpty(), "nothing written by looking");

        tree.setAttribute("/targets/iscsi", "iSNSServer", "127.0.0.1:3205");
        tree.setAttribute("/targets/iscsi", "login_balance", "true");
        assertEquals("127.0.0.1:3205", store.properties(DRIVER_PID).get("iSNSServer"));
        assertEquals(Boolean.TRUE, store.properties(DRIVER_PID).get("login_balance"));
        assertEquals("127.0.0.1:3205", tree.node("/targets/iscsi").get().attribute("iSNSServer").value);

        tree.setAttribute("/targets/iscsi", "iSNSServer", null);
        assertFalse(store.properties(DRIVER_PID).containsKey("iSNSServer"), "cleared");
        assertThrows(ManagementException.class, () -> tree.setAttribute("/targets/iscsi", "login_balance", "perhaps"));
        assertThrows(ManagementException.class, () -> tree.setAttribute("/targets/iscsi", "no_such", "1"));

        tree.removeDriver("iscsi");
        assertThrows(ManagementException.class, () -> tree.setAttribute("/targets/iscsi", "iSNSServer", "x"),
                "a driver that is gone has no attributes to set");
    }
}
