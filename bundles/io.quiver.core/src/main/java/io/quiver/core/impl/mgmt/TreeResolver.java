package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.NodeDTO;
import io.quiver.core.impl.InitiatorGroupConfiguration;
import io.quiver.core.impl.LunConfiguration;
import io.quiver.core.impl.target.CoreSession;
import io.quiver.core.impl.target.CoreTarget;
import io.quiver.core.impl.target.LogicalUnit;
import io.quiver.core.impl.target.TargetCore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Resolves management tree paths to nodes: the core's runtime objects joined with their factory
 * configurations and the configurations' Metatype descriptions. Configured objects are named by their
 * {@code name} property (devices, targets, groups) or {@code lun} (LUNs).
 *
 * <p>Thread-safe: the handler and driver PID maps are concurrent; everything else is read on demand.
 */
final class TreeResolver {

    final Supplier<TargetCore> core;
    final ConfigStore store;
    final AttributeCatalog catalog;
    /** Installed handlers and drivers by name, with their factory PIDs ("" if none). */
    final Map<String, String> handlerPids = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, String> driverPids = new java.util.concurrent.ConcurrentHashMap<>();
    /** Every handler and driver seen, installed or not: their configurations wait for them. */
    final KnownPlugins known;

    /** The ALUA collections and the factory PIDs of the core's ALUA configurations. */
    static final Map<String, String> ALUA = new java.util.TreeMap<>(Map.of(
            "device_groups", "io.quiver.core.alua.devicegroup",
            "target_groups", "io.quiver.core.alua.targetgroup"));

    TreeResolver(Supplier<TargetCore> core, ConfigStore store, AttributeCatalog catalog, KnownPlugins known) {
        this.core = core;
        this.store = store;
        this.catalog = catalog;
        this.known = known;
    }

    NodeDTO resolve(Path p) {
        String[] s = p.segments();
        TargetCore c = core.get();
        switch (s.length) {
            case 0:
                return Nodes.collection(p, List.of("alua", "handlers", "sessions", "targets"), false);
            case 1:
                if (s[0].equals("handlers")) {
                    return Nodes.collection(p, handlerNames(c), false);
                } else if (s[0].equals("targets")) {
                    return Nodes.collection(p, driverNames(c), false);
                } else if (s[0].equals("sessions")) {
                    return Nodes.collection(p, sessionIds(c, null), false);
                } else if (s[0].equals("alua")) {
                    return Nodes.collection(p, new ArrayList<>(ALUA.keySet()), false);
                }
                return null;
            default:
                break;
        }
        switch (s[0]) {
            case "handlers":
                return s.length == 2 ? handlerNode(p, c, s[1]) : s.length == 3 ? deviceNode(p, c, s[1], s[2]) : null;
            case "sessions":
                return s.length == 2 ? sessionNode(p, c, s[1], null) : null;
            case "targets":
                return targetsNode(p, c, s);
            case "alua":
                return aluaNode(p, s);
            default:
                return null;
        }
    }

    /**
     * ALUA device and target groups: configured objects of the core's ALUA factory PIDs, named by their
     * {@code name} property, listed with their Metatype attributes.
     */
    private NodeDTO aluaNode(Path p, String[] s) {
        String pid = ALUA.get(s[1]);
        if (pid == null || s.length > 3) {
            return null;
        }
        List<ConfigStore.Entry> entries = store.list(pid);
        if (s.length == 2) {
            TreeSet<String> names = new TreeSet<>();
            entries.forEach(e -> names.add(e.get("name")));
            return Nodes.withFactoryPid(Nodes.collection(p, new ArrayList<>(names), true), pid);
        }
        return entries.stream().filter(e -> e.get("name").equals(s[2])).findFirst()
                .map(e -> configured(p, s[1].equals("device_groups") ? "alua_device_group" : "alua_target_group", e))
                .orElse(null);
    }

    private NodeDTO targetsNode(Path p, TargetCore c, String[] s) {
        String driver = s[1];
        if (s.length == 2) {
            if (!driverNames(c).contains(driver)) {
                return null;
            }
            String pid = driverPids.getOrDefault(driver, "");
            NodeDTO n = Nodes.collection(p, targetNames(c, driver), !pid.isEmpty());
            n.kind = "driver";
            n.attributes.add(Nodes.runtime("factory_pid", driverPid(driver), "The ConfigAdmin factory PID of this driver's targets."));
            n.attributes.add(Nodes.runtime("state", driverPids.containsKey(driver) ? "installed" : "not installed",
                    "Whether the driver's bundle is installed; its targets' configurations wait while it is not."));
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
                    return Nodes.collection(p, sessionIds(c, target), false);
                }
                return s.length == 5 ? sessionNode(p, c, s[4], target) : null;
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
                    NodeDTO n = configured(p, "group", g);
                    n.children = List.of("luns");
                    return n;
                }
                return s[5].equals("luns") ? lunsNode(p, c, target, s[4], Arrays.copyOfRange(s, 6, s.length)) : null;
            default:
                return null;
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
        NodeDTO n = configured(p, "lun", e);
        boolean active = c != null && c.unit(e.get("device")) != null && c.target(target) != null;
        n.attributes.add(Nodes.runtime("active", Boolean.toString(active), "Whether the target is registered and the device attached."));
        return n;
    }

    private NodeDTO handlerNode(Path p, TargetCore c, String handler) {
        if (!handlerNames(c).contains(handler)) {
            return null;
        }
        String pid = handlerPid(handler);
        NodeDTO n = Nodes.collection(p, deviceNames(c, handler), !handlerPids.getOrDefault(handler, "").isEmpty());
        n.kind = "handler";
        n.attributes.add(Nodes.runtime("factory_pid", pid, "The ConfigAdmin factory PID of this handler's devices."));
        n.attributes.add(Nodes.runtime("state", handlerPids.containsKey(handler) ? "installed" : "not installed",
                "Whether the handler's bundle is installed; its devices' configurations wait while it is not."));
        return n;
    }

    private NodeDTO deviceNode(Path p, TargetCore c, String handler, String device) {
        if (!deviceNames(c, handler).contains(device)) {
            return null;
        }
        String pid = handlerPid(handler);
        ConfigStore.Entry e = pid.isEmpty() ? null : store.list(pid).stream()
                .filter(x -> x.get("name").equals(device)).findFirst().orElse(null);
        NodeDTO n = e != null ? configured(p, "device", e) : Nodes.node(p, "device");
        LogicalUnit u = c == null ? null : c.unit(device);
        n.attributes.add(Nodes.runtime("attached", Boolean.toString(u != null), "Whether the core uses the device."));
        n.attributes.add(Nodes.runtime("state", u != null ? "active"
                : handlerPids.containsKey(handler) ? "not attached (see the log)" : "waiting for handler " + handler,
                "active; waiting for handler NAME (configured, its bundle is not installed); or not attached."));
        n.attributes.add(Nodes.runtime("used_by", String.join(",", lunsOf(device)),
                "The LUNs mapped to the device: target/lun, or target/ini_groups/group/lun."));
        if (u != null) {
            Nodes.statistics(n, u.statistics());
        }
        return n;
    }

    private NodeDTO targetNode(Path p, TargetCore c, String driver, String target) {
        String pid = driverPid(driver);
        ConfigStore.Entry e = pid.isEmpty() ? null : store.list(pid).stream()
                .filter(x -> x.get("name").equals(target)).findFirst().orElse(null);
        NodeDTO n = e != null ? configured(p, "target", e) : Nodes.node(p, "target");
        n.children = List.of("ini_groups", "luns", "sessions");
        CoreTarget t = c == null ? null : c.target(target);
        n.attributes.add(Nodes.runtime("registered", Boolean.toString(t != null), "Whether the driver registered the target with the core."));
        n.attributes.add(Nodes.runtime("state", t != null ? "active"
                : driverPids.containsKey(driver) ? "not registered (see the log)" : "waiting for driver " + driver,
                "active; waiting for driver NAME (configured, its bundle is not installed); or not registered."));
        if (t != null) {
            n.attributes.add(Nodes.runtime("rel_tgt_id", Integer.toString(t.relativeTargetPortId()), "SPC-4 relative target port identifier."));
            Nodes.statistics(n, t.statistics());
        }
        return n;
    }

    private NodeDTO sessionNode(Path p, TargetCore c, String id, String target) {
        CoreSession s = c == null ? null : c.sessions().stream()
                .filter(x -> Long.toString(x.id()).equals(id) && (target == null || x.targetName().equals(target)))
                .findFirst().orElse(null);
        return s == null ? null : Nodes.session(p, s, c.matchingGroup(s.targetName(), s.initiator().name()));
    }

    /** A node for a configuration: its Metatype-described attributes with values, writable, deletable. */
    private NodeDTO configured(Path p, String kind, ConfigStore.Entry e) {
        NodeDTO n = Nodes.node(p, kind);
        n.pid = e.pid();
        n.deletable = true;
        for (AttributeCatalog.Definition d : catalog.attributes(e.factoryPid())) {
            n.attributes.add(Nodes.configured(d, e.properties().get(d.id())));
        }
        return n;
    }

    private List<ConfigStore.Entry> luns(String target, String group) {
        List<ConfigStore.Entry> out = new ArrayList<>();
        for (ConfigStore.Entry e : store.list(LunConfiguration.PID)) {
            if (e.get("target").equals(target) && e.get("group").equals(group)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Where a device is mapped, from the LUN configurations (whether or not the target is registered). */
    private List<String> lunsOf(String device) {
        TreeSet<String> out = new TreeSet<>();
        for (ConfigStore.Entry e : store.list(LunConfiguration.PID)) {
            if (e.get("device").equals(device)) {
                out.add(e.get("target") + (e.get("group").isEmpty() ? "" : "/ini_groups/" + e.get("group")) + "/" + e.get("lun"));
            }
        }
        return new ArrayList<>(out);
    }

    private List<ConfigStore.Entry> groups(String target) {
        List<ConfigStore.Entry> out = new ArrayList<>();
        store.list(InitiatorGroupConfiguration.PID).stream().filter(e -> e.get("target").equals(target)).forEach(out::add);
        out.sort((a, b) -> a.get("name").compareTo(b.get("name")));
        return out;
    }

    /** The device factory PID of a handler, installed or only known; "" if neither. */
    String handlerPid(String handler) {
        String pid = handlerPids.get(handler);
        return pid != null ? pid : known.handlers().getOrDefault(handler, "");
    }

    /** The target factory PID of a driver, installed or only known; "" if neither. */
    String driverPid(String driver) {
        String pid = driverPids.get(driver);
        return pid != null ? pid : known.drivers().getOrDefault(driver, "");
    }

    private List<String> handlerNames(TargetCore c) {
        TreeSet<String> names = new TreeSet<>(handlerPids.keySet());
        names.addAll(known.handlers().keySet());
        if (c != null) {
            c.units().forEach(u -> names.add(u.descriptor().handlerName()));
        }
        return new ArrayList<>(names);
    }

    private List<String> deviceNames(TargetCore c, String handler) {
        TreeSet<String> names = new TreeSet<>();
        if (c != null) {
            c.units().stream().filter(u -> u.descriptor().handlerName().equals(handler)).forEach(u -> names.add(u.deviceName()));
        }
        String pid = handlerPid(handler);
        if (!pid.isEmpty()) {
            store.list(pid).forEach(e -> names.add(e.get("name")));
        }
        names.remove("");
        return new ArrayList<>(names);
    }

    private List<String> driverNames(TargetCore c) {
        TreeSet<String> names = new TreeSet<>(driverPids.keySet());
        names.addAll(known.drivers().keySet());
        if (c != null) {
            c.targets().forEach(t -> names.add(t.driver().name()));
        }
        return new ArrayList<>(names);
    }

    private List<String> targetNames(TargetCore c, String driver) {
        TreeSet<String> names = new TreeSet<>();
        if (c != null) {
            c.targets().stream().filter(t -> t.driver().name().equals(driver)).forEach(t -> names.add(t.name()));
        }
        String pid = driverPid(driver);
        if (!pid.isEmpty()) {
            store.list(pid).forEach(e -> names.add(e.get("name")));
        }
        names.remove("");
        return new ArrayList<>(names);
    }

    private static List<String> sessionIds(TargetCore c, String target) {
        List<String> ids = new ArrayList<>();
        if (c != null) {
            c.sessions().stream().filter(s -> target == null || s.targetName().equals(target))
                    .sorted((a, b) -> Long.compare(a.id(), b.id())).forEach(s -> ids.add(Long.toString(s.id())));
        }
        return ids;
    }

}
