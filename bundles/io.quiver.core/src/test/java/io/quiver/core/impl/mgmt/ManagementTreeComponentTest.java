package io.quiver.core.impl.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.api.mgmt.NodeDTO;
import io.quiver.core.impl.CoreComponentAccess;
import io.quiver.core.impl.LunConfiguration;
import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The component over ConfigAdmin and Metatype stand-ins (proxies over maps): factory configurations
 * are created named, listed without framework properties, and described by the bundle's metatype.
 */
class ManagementTreeComponentTest {

    @TempDir
    java.nio.file.Path dir;

    /** ConfigAdmin over a map of PID to properties. */
    static ConfigurationAdmin configAdmin(Map<String, Hashtable<String, Object>> configs) {
        return proxy(ConfigurationAdmin.class, (m, a) -> switch (m) {
            case "getFactoryConfiguration" -> configuration(configs, a[0] + "~" + a[1], (String) a[0]);
            case "getConfiguration" -> configuration(configs, (String) a[0], null);
            case "listConfigurations" -> configs.entrySet().stream()
                    .filter(e -> ((String) a[0]).contains("=" + e.getValue().get(ConfigurationAdmin.SERVICE_FACTORYPID) + ")"))
                    .map(e -> configuration(configs, e.getKey(), null)).toArray(Configuration[]::new);
            default -> throw new UnsupportedOperationException(m);
        });
    }

    @SuppressWarnings("unchecked")
    static Configuration configuration(Map<String, Hashtable<String, Object>> configs, String pid, String factoryPid) {
        return proxy(Configuration.class, (m, a) -> switch (m) {
            case "getPid" -> pid;
            case "getProperties" -> configs.get(pid);
            case "update" -> {
                Hashtable<String, Object> p = new Hashtable<>();
                Dictionary<String, Object> d = (Dictionary<String, Object>) a[0];
                java.util.Collections.list(d.keys()).forEach(k -> p.put(k, d.get(k)));
                p.put("service.pid", pid);
                Hashtable<String, Object> old = configs.get(pid);
                p.put(ConfigurationAdmin.SERVICE_FACTORYPID,
                        factoryPid != null ? factoryPid : old.get(ConfigurationAdmin.SERVICE_FACTORYPID));
                configs.put(pid, p);
                yield null;
            }
            case "delete" -> configs.remove(pid);
            default -> throw new UnsupportedOperationException(m);
        });
    }

    static AttributeDefinition ad(String id, int type, int cardinality, String... def) {
        return proxy(AttributeDefinition.class, (m, a) -> switch (m) {
            case "getID" -> id;
            case "getName" -> id.toUpperCase();
            case "getDescription" -> "About " + id + ".";
            case "getType" -> type;
            case "getCardinality" -> cardinality;
            case "getDefaultValue" -> def.length == 0 ? null : def;
            default -> throw new UnsupportedOperationException(m);
        });
    }

    static MetaTypeService metaType(Bundle expected) {
        ObjectClassDefinition lun = proxy(ObjectClassDefinition.class, (m, a) -> new AttributeDefinition[] {
            ad("target", AttributeDefinition.STRING, 0), ad("lun", AttributeDefinition.INTEGER, 0, "0"),
            ad("device", AttributeDefinition.STRING, 0), ad("read_only", AttributeDefinition.BOOLEAN, 0, "false"),
            ad("group", AttributeDefinition.STRING, 0, ""),
            ad("webconsole.configurationFactory.nameHint", AttributeDefinition.STRING, 0, "x")});
        MetaTypeInformation info = proxy(MetaTypeInformation.class, (m, a) -> {
            if (!LunConfiguration.PID.equals(a[0])) {
                throw new IllegalArgumentException("no OCD " + a[0]);
            }
            return lun;
        });
        return proxy(MetaTypeService.class, (m, a) -> a[0] == expected ? info : null);
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, java.util.function.BiFunction<String, Object[], Object> body) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (m.getDeclaringClass() == Object.class) {
                return m.getName().equals("equals") ? p == a[0] : m.getName().equals("hashCode") ? 0 : type.getName();
            }
            return body.apply(m.getName(), a);
        });
    }

    @Test
    void lunsGoThroughConfigAdminAndAreDescribedByMetatype() {
        Map<String, Hashtable<String, Object>> configs = new TreeMap<>();
        Bundle bundle = proxy(Bundle.class, (m, a) -> m.equals("getState") ? Bundle.ACTIVE : null);
        BundleContext context = proxy(BundleContext.class, (m, a) -> m.equals("getBundle") ? bundle : null);
        ManagementTreeComponent tree = new ManagementTreeComponent(context, CoreComponentAccess.active(dir),
                configAdmin(configs));
        tree.metaType = metaType(bundle);

        assertEquals("/targets/scst_local/t1/luns/2", tree.create("/targets/scst_local/t1/luns", "2",
                Map.of("device", "disk1", "read_only", "true")));
        String pid = LunConfiguration.PID + "~t1_2f_2f2";
        assertEquals(2, configs.get(pid).get("lun"));
        assertEquals(Boolean.TRUE, configs.get(pid).get("read_only"));

        NodeDTO lun = tree.node("/targets/scst_local/t1/luns/2").get();
        assertEquals(pid, lun.pid);
        assertEquals("About device.", lun.attribute("device").description);
        assertEquals("Integer", lun.attribute("lun").type);
        assertTrue(lun.attribute("read_only").key);
        assertNull(lun.attribute("service.pid"));
        assertNull(lun.attribute("webconsole.configurationFactory.nameHint"));
        assertEquals("false", lun.attribute("active").value);

        tree.setAttribute(lun.path, "read_only", "false");
        assertFalse(tree.node(lun.path).get().attribute("read_only").key);
        tree.delete(lun.path);
        assertTrue(configs.isEmpty());

        tree.metaType = null;
        tree.create("/targets/scst_local/t1/luns", "3", Map.of());
        assertEquals("3", configs.get(LunConfiguration.PID + "~t1_2f_2f3").get("lun"), "undescribed: kept as a string");
        NodeDTO undescribed = tree.node("/targets/scst_local/t1/luns/3").get();
        assertNull(undescribed.attribute("device"));
        assertEquals("false", undescribed.attribute("active").value);
        assertEquals(List.of("3"), tree.node("/targets/scst_local/t1/luns").get().children);
    }
}
