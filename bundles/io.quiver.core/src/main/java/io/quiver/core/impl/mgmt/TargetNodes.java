package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.NodeDTO;
import io.quiver.core.impl.InitiatorGroupConfiguration;
import io.quiver.core.impl.LunConfiguration;
import io.quiver.core.impl.target.CoreTarget;
import io.quiver.core.impl.target.TargetCore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code targets} branch of the management tree: drivers, their targets, and each target's LUNs,
 * initiator groups (with their LUNs) and sessions. Targets are the running ones joined with the
 * configurations of their driver's factory PID; LUNs and groups are the core's configurations.
 *
 * <p>Thread-safe: keeps no state; reads the core and the {@link ConfigStore} on demand.
 */
final class TargetNodes {

    private final TreeResolver tree;

    TargetNodes(TreeResolver resolver) {
        this.tree = resolver;
    }

    NodeDTO targetsNode(Path p, TargetCore c, String[] s) {
        String driver = s[1];
        if (s.length == 2) {
            if (!driverNames(c).contains(driver)) {
                return null;
            }
            String pid = tree.driverPids.getOrDefault(driver, "");
            NodeDTO n = Nodes.collection(p, targetNames(c, driver), !pid.isEmpty());
            n.kind = "driver";
            n.attributes.add(Nodes.runtime("factory_pid", tree.driverPid(driver), "The ConfigAdmin factory PID of this driver's targets."));
            n.attributes.add(Nodes.runtime("state", tree.driverPids.containsKey(driver) ? "installed" : "not installed",
                    "Whether the driver's bundle is installed; its targets' configurations wait while it is not."));
            driverAttributes(n, driver);
            return n;
        }
        String target = s[2];
        if (!targetNames(c, driver).contains(target)) {
            return null;
        }
        if (s.length == 3) {
            return targetNode(p, c, driver, target);
        }
        switch (s[3]) {
            case "luns":
                return lunsNode(p, c, target, "", Arrays.copyOfRange(s, 4, s.length));
            case "sessions":
                if (s.length == 4) {
                    return Nodes.collection(p, TreeResolver.sessionIds(c, target), false);
                }
                return s.length == 5 ? tree.sessionNode(p, c, s[4], target) : null;
            case "ini_groups":
                if (s.length == 4) {
                    List<String> names = new ArrayList<>();
                    groups(target).forEach(g -> names.add(g.get("name")));
                    return Nodes.withFactoryPid(Nodes.collection(p, names, true), InitiatorGroupConfiguration.PID);
                }
                ConfigStore.Entry g = groups(target).stream().filter(e -> e.get("name").equals(s[4])).findFirst().orElse(null);
                if (g == null) {
                    return null;
                }
                if (s.length == 5) {
                    NodeDTO n = tree.configured(p, "group", g);
                    n.children = List.of("luns");
                    return n;
                }
                return s[5].equals("luns") ? lunsNode(p, c, target, s[4], Arrays.copyOfRange(s, 6, s.length)) : null;
            default:
                return null;
        }
    }

    /** The driver's own configuration (SCST's driver-level attributes), where the driver has one: writable. */
    private void driverAttributes(NodeDTO n, String driver) {
        String pid = tree.driverConfigPids.get(driver);
        if (pid == null) {
            return;
        }
        n.pid = pid;
        Map<String, Object> values = tree.store.properties(pid);
        for (AttributeCatalog.Definition d : tree.catalog.attributes(pid)) {
            n.attributes.add(Nodes.configured(d, values.get(d.id())));
        }
    }

    private NodeDTO lunsNode(Path p, TargetCore c, String target, String group, String[] rest) {
        List<ConfigStore.Entry> luns = luns(target, group);
        if (rest.length == 0) {
            TreeSet<Integer> numbers = new TreeSet<>();
            luns.forEach(e -> numbers.add(Integer.parseInt(e.get("lun"))));
            List<String> names = new ArrayList<>();
            numbers.forEach(n -> names.add(Integer.toString(n)));
            return Nodes.withFactoryPid(Nodes.collection(p, names, true), LunConfiguration.PID);
        }
        if (rest.length > 1) {
            return null;
        }
        ConfigStore.Entry e = luns.stream().filter(l -> l.get("lun").equals(rest[0])).findFirst().orElse(null);
        if (e == null) {
            return null;
        }
        NodeDTO n = tree.configured(p, "lun", e);
        boolean active = c != null && c.unit(e.get("device")) != null && c.target(target) != null;
        n.attributes.add(Nodes.runtime("active", Boolean.toString(active), "Whether the target is registered and the device attached."));
        return n;
    }

    private NodeDTO targetNode(Path p, TargetCore c, String driver, String target) {
        String pid = tree.driverPid(driver);
        ConfigStore.Entry e = pid.isEmpty() ? null : tree.store.list(pid).stream()
                .filter(x -> x.get("name").equals(target)).findFirst().orElse(null);
        NodeDTO n = e != null ? tree.configured(p, "target", e) : Nodes.node(p, "target");
        n.children = List.of("ini_groups", "luns", "sessions");
        CoreTarget t = c == null ? null : c.target(target);
        n.attributes.add(Nodes.runtime("registered", Boolean.toString(t != null), "Whether the driver registered the target with the core."));
        n.attributes.add(Nodes.runtime("state", t != null ? "active"
                : tree.driverPids.containsKey(driver) ? "not registered (see the log)" : "waiting for driver " + driver,
                "active; waiting for driver NAME (configured, its bundle is not installed); or not registered."));
        if (t != null) {
            n.attributes.add(Nodes.runtime("rel_tgt_id", Integer.toString(t.relativeTargetPortId()), "SPC-4 relative target port identifier."));
            Nodes.statistics(n, t.statistics());
        }
        return n;
    }

    private List<ConfigStore.Entry> luns(String target, String group) {
        List<ConfigStore.Entry> out = new ArrayList<>();
        for (ConfigStore.Entry e : tree.store.list(LunConfiguration.PID)) {
            if (e.get("target").equals(target) && e.get("group").equals(group)) {
                out.add(e);
            }
        }
        return out;
    }

    private List<ConfigStore.Entry> groups(String target) {
        List<ConfigStore.Entry> out = new ArrayList<>();
        tree.store.list(InitiatorGroupConfiguration.PID).stream().filter(e -> e.get("target").equals(target)).forEach(out::add);
        out.sort((a, b) -> a.get("name").compareTo(b.get("name")));
        return out;
    }

    List<String> driverNames(TargetCore c) {
        return TreeResolver.pluginNames(tree.driverPids.keySet(), tree.known.drivers().keySet(),
                c == null ? Stream.empty() : c.targets().stream().map(t -> t.driver().name()));
    }

    private List<String> targetNames(TargetCore c, String driver) {
        Stream<String> running = c == null ? Stream.empty()
                : c.targets().stream().filter(t -> t.driver().name().equals(driver)).map(CoreTarget::name);
        return tree.objectNames(running, tree.driverPid(driver));
    }
}
