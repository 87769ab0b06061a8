package io.quiver.core.impl.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.ObjectNames;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.ConfigurationAdmin;

/** Factory configuration aliases: one per name, plain names unchanged, earlier lossy aliases still found. */
class ConfigAdminStoreTest {

    static final String RAMDISK = "io.quiver.handler.ramdisk";

    final Map<String, Hashtable<String, Object>> configs = new TreeMap<>();
    final ConfigAdminStore store = new ConfigAdminStore(ManagementTreeComponentTest.configAdmin(configs));

    @Test
    void plainNamesKeepTheirAliasAndOthersAreEscaped() {
        assertEquals("disk0", ConfigAdminStore.alias("disk0"));
        assertEquals("iqn.2026-11.io.quiver-x", ConfigAdminStore.alias("iqn.2026-11.io.quiver-x"));
        assertEquals("ram_5f1", ConfigAdminStore.alias("ram_1"));
        assertEquals("ram_3a1", ConfigAdminStore.alias("ram:1"));
        assertEquals("_c3_a9t_c3_a9", ConfigAdminStore.alias("\u00e9t\u00e9"));
        assertEquals("t1_2f_2f2", ConfigAdminStore.alias("t1//2"), "a LUN's target, default group and number");
    }

    /** Regression: "ram:1" and "ram_1" both became alias ram_1, so creating one replaced the other's configuration. */
    @Test
    void ramColonOneAndRamUnderscoreOneKeepTheirOwnConfigurations() {
        for (List<String> order : List.of(List.of("ram_1", "ram:1"), List.of("ram:1", "ram_1"))) {
            configs.clear();
            for (String name : order) {
                store.create(RAMDISK, name, Map.of("name", name, "size", name.length()));
            }
            assertEquals(2, configs.size(), configs.keySet().toString());
            assertEquals(List.of("ram:1", "ram_1"), store.list(RAMDISK).stream().map(e -> e.get("name")).sorted().toList());
        }
    }

    @Test
    void longNamesGetDistinctAliasesThatStillPersist() {
        String stem = ":".repeat(ObjectNames.MAX_LENGTH - 1);
        String a = ConfigAdminStore.alias(stem + "a");
        String b = ConfigAdminStore.alias(stem + "b");
        assertNotEquals(a, b);
        assertEquals(ObjectNames.MAX_LENGTH, a.length());
        assertTrue(a.matches("(_3a)+_?[0-9a-f]?_-[0-9a-f]{64}"), a);
        assertEquals(ObjectNames.MAX_LENGTH, ConfigAdminStore.alias("n".repeat(ObjectNames.MAX_LENGTH)).length());
    }

    /**
     * A configuration made under the earlier alias ("a:3ab" was a_3ab) is found by its name and kept; a new name
     * whose alias meets it ("a:b" is a_3ab now) is refused, naming both objects, instead of taking it over.
     */
    @Test
    void configurationsOfEarlierAliasesAreFoundAndNeverTakenOver() {
        Hashtable<String, Object> earlier = new Hashtable<>(Map.of("name", "a:3ab",
                ConfigurationAdmin.SERVICE_FACTORYPID, RAMDISK, "service.pid", RAMDISK + "~a_3ab"));
        configs.put(RAMDISK + "~a_3ab", earlier);
        assertEquals(List.of("a:3ab"), store.list(RAMDISK).stream().map(e -> e.get("name")).toList());

        ManagementException e = assertThrows(ManagementException.class,
                () -> store.create(RAMDISK, "a:b", Map.of("name", "a:b")));
        assertEquals("cannot create " + RAMDISK + " a:b: its configuration " + RAMDISK + "~a_3ab belongs to a:3ab",
                e.getMessage());
        assertEquals("a:3ab", configs.get(RAMDISK + "~a_3ab").get("name"));

        assertEquals(RAMDISK + "~a_5f3ab", store.create(RAMDISK, "a_3ab", Map.of("name", "a_3ab")));
        assertEquals(2, store.list(RAMDISK).size());
    }
}
