package io.quiver.core.impl.alua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.core.impl.pr.FakeContext;
import io.quiver.core.impl.pr.FakeNexus;
import io.quiver.core.impl.pr.FakeTask;
import io.quiver.scsi.DataDirection;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** SET TARGET PORT GROUPS written back to ConfigAdmin, and that write coming back as a no-op. */
class ExplicitStateWriterTest {

    @TempDir
    Path dir;

    private final List<String> filters = new ArrayList<>();
    private final Dictionary<String, Object> stored = new Hashtable<>();
    private final List<Dictionary<String, Object>> updates = new ArrayList<>();

    private ConfigurationAdmin fakeConfigAdmin() {
        stored.put("name", "b");
        stored.put("state", "standby");
        Configuration config = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getProperties":
                            return new Hashtable<>((Hashtable<String, Object>) stored);
                        case "update":
                            updates.add((Dictionary<String, Object>) args[0]);
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listConfigurations")) {
                        filters.add((String) args[0]);
                        return new Configuration[] {config};
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void stpgStateIsSavedAndItsEchoChangesNothing() {
        AluaManager manager = new AluaManager();
        manager.explicitStateWriter(new ExplicitStateWriter(fakeConfigAdmin(), Runnable::run));
        FakeNexus n1 = new FakeNexus("iqn.2026-01.test:h", "23d000000001", "tgt1", 1);
        FakeNexus n2 = new FakeNexus("iqn.2026-01.test:h", "23d000000002", "tgt2", 2);
        FakeContext context = new FakeContext("disk1", dir, n1, n2);
        var service = manager.create(context);
        Object keyB = new Object();
        manager.putTargetGroup(new Object(), AluaServiceTest.group("a", 1, "active/optimized", new int[] {1}));
        manager.putTargetGroup(keyB, AluaServiceTest.group("b", 2, "standby", new int[] {2}));
        manager.putDeviceGroup(new Object(), DeviceGroupConfiguration.toGroup("dg", new String[] {"disk1"},
                new String[] {"a", "b"}, 0));
        context.unitAttentions().clear();

        byte[] data = FakeTask.bytes(0, 0, 0, 0, 0x01, 0, 0, 2);
        try (FakeTask t = new FakeTask(n1, FakeTask.bytes(0xA4, 0x0A, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0),
                DataDirection.OUT, 8, data)) {
            assertEquals(null, service.check(t));
            service.execute(t);
            t.assertGood();
        }
        assertEquals(List.of("(&(service.factoryPid=io.quiver.core.alua.targetgroup)(name=b))"), filters);
        assertEquals(1, updates.size());
        assertEquals("active/nonoptimized", updates.get(0).get("state"));
        assertEquals(1, context.unitAttentions().size(), "n2 was told once");

        // ConfigAdmin delivers the saved state back: same view, no new UA, still "altered by STPG".
        manager.putTargetGroup(keyB, AluaServiceTest.group("b", 2, "active/nonoptimized", new int[] {2}));
        assertEquals(1, context.unitAttentions().size());
        TargetPortGroup b = manager.configuration().targetGroup("b");
        assertEquals(AccessState.ACTIVE_NONOPTIMIZED, b.state());
        assertEquals(1, b.statusCode());
    }

    @Test
    void filterValuesAreEscaped() {
        assertEquals("a\\(b\\)\\*\\\\", ExplicitStateWriter.escape("a(b)*\\"));
        assertTrue(ExplicitStateWriter.escape("plain").equals("plain"));
    }
}
