package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.api.mgmt.ObjectNames;
import io.quiver.core.impl.InitiatorGroupConfiguration;
import io.quiver.core.impl.LunConfiguration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The writes of the management tree: create, delete and set attribute become creations, deletions and
 * updates of ConfigAdmin configurations in the {@link ConfigStore}, their values parsed by the
 * attributes' Metatype definitions. The identity properties (name, target, group, lun) of a new object
 * come from its path.
 *
 * <p>Thread-safe: keeps no state; the store serialises the changes.
 */
final class ConfigChanges {

    private final TreeResolver tree;

    ConfigChanges(TreeResolver tree) {
        this.tree = tree;
    }

    void setAttribute(String path, String attribute, String value) {
        NodeDTO n = tree.require(path);
        if (n.pid == null) {
            throw new ManagementException(path + " is not a configured object");
        }
        if (Path.of(path).segments().length == 0) {
            CoreNode.set(tree, attribute, value);
            return;
        }
        if (tree.driverConfigPids.containsValue(n.pid)) {
            // A driver's own (singleton) configuration: it may not exist yet, and its PID is its Metatype's.
            setSingleton(n.pid, attribute, value);
            return;
        }
        ConfigStore.Entry e = entry(n.pid);
        AttributeCatalog.Definition d = definition(e.factoryPid(), attribute);
        Map<String, Object> props = new HashMap<>(e.properties());
        if (value == null) {
            props.remove(attribute);
        } else {
            props.put(attribute, Values.parse(d, value));
        }
        tree.store.update(e.pid(), props);
    }

    private void setSingleton(String pid, String attribute, String value) {
        AttributeCatalog.Definition d = definition(pid, attribute);
        Map<String, Object> props = new HashMap<>(tree.store.properties(pid));
        if (value == null) {
            props.remove(attribute);
        } else {
            props.put(attribute, Values.parse(d, value));
        }
        tree.store.update(pid, props);
    }

    String create(String parentPath, String name, Map<String, String> attributes) {
        Path parent = Path.of(parentPath);
        String refusal = ObjectNames.refusal(name);
        if (refusal != null) {
            throw new ManagementException(parentPath + ": not a valid name: " + refusal);
        }
        NodeDTO n = tree.resolve(parent);
        if (n == null || !n.creatable) {
            throw new ManagementException("cannot create objects below " + parentPath);
        }
        if (n.children.contains(name)) {
            throw new ManagementException(parentPath + "/" + name + " exists");
        }
        String[] s = parent.segments();
        String factoryPid;
        Map<String, Object> props = new LinkedHashMap<>();
        if (s[0].equals("handlers")) {
            factoryPid = tree.handlerPids.get(s[1]);
            props.put("name", name);
        } else if (s[0].equals("alua")) {
            factoryPid = TreeResolver.ALUA.get(s[1]);
            props.put("name", name);
        } else if (s.length == 2) {
            factoryPid = tree.driverPids.get(s[1]);
            props.put("name", name);
        } else if (s[s.length - 1].equals("luns")) {
            factoryPid = LunConfiguration.PID;
            props.put("target", s[2]);
            props.put("group", s.length == 6 ? s[4] : "");
            String lunRefusal = ObjectNames.lunRefusal(name);
            if (lunRefusal != null) {
                throw new ManagementException(lunRefusal);
            }
            props.put("lun", Values.parse(definition(factoryPid, "lun"), name));
        } else {
            factoryPid = InitiatorGroupConfiguration.PID;
            props.put("target", s[2]);
            props.put("name", name);
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            props.put(a.getKey(), Values.parse(definition(factoryPid, a.getKey()), a.getValue()));
        }
        // LUN numbers and group names repeat across targets; the configuration's name must not. Joined with
        // "/", which no name contains, so that no two (target, group, name) triples share a configuration name.
        String configName = factoryPid.equals(LunConfiguration.PID) || factoryPid.equals(InitiatorGroupConfiguration.PID)
                ? String.join("/", props.get("target").toString(), String.valueOf(props.getOrDefault("group", "")), name)
                : name;
        tree.store.create(factoryPid, configName, props);
        return parent.child(name).toString();
    }

    void delete(String path) {
        NodeDTO n = tree.require(path);
        if (!n.deletable || n.pid == null) {
            throw new ManagementException(path + " is not a configured object");
        }
        tree.store.delete(n.pid);
    }

    private ConfigStore.Entry entry(String pid) {
        List<String> corePids = new ArrayList<>(List.of(LunConfiguration.PID, InitiatorGroupConfiguration.PID));
        corePids.addAll(TreeResolver.ALUA.values());
        for (String fp : corePids) {
            for (ConfigStore.Entry e : tree.store.list(fp)) {
                if (e.pid().equals(pid)) {
                    return e;
                }
            }
        }
        // Known, not only installed: a waiting device's or target's configuration can be changed too.
        for (String fp : new TreeSet<>(concat(tree.known.handlers().values(), tree.known.drivers().values()))) {
            for (ConfigStore.Entry e : fp.isEmpty() ? List.<ConfigStore.Entry>of() : tree.store.list(fp)) {
                if (e.pid().equals(pid)) {
                    return e;
                }
            }
        }
        throw new ManagementException("configuration gone: " + pid);
    }

    private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * The definition of an attribute; when the PID is not described at all (no MetaTypeService, or a
     * handler without Metatype) any attribute is taken as a string, which DS converts for the component.
     */
    private AttributeCatalog.Definition definition(String factoryPid, String attribute) {
        List<AttributeCatalog.Definition> all = tree.catalog.attributes(factoryPid);
        if (all.isEmpty()) {
            return new AttributeCatalog.Definition(attribute, attribute, "", "String", false, null);
        }
        return all.stream().filter(d -> d.id().equals(attribute)).findFirst()
                .orElseThrow(() -> new ManagementException("no writable attribute " + attribute + " in " + factoryPid));
    }
}
