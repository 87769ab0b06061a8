package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.core.impl.target.CoreSession;
import io.quiver.core.impl.target.TargetCore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Resolves management tree paths to nodes: the core's runtime objects joined with their factory
 * configurations and the configurations' Metatype descriptions. Configured objects are named by their
 * {@code name} property (devices, targets, groups) or {@code lun} (LUNs). The {@code handlers} branch is
 * {@link DeviceNodes}', the {@code targets} branch {@link TargetNodes}'; sessions and ALUA groups are here.
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
    /** Installed drivers' own configuration PIDs (driver-level attributes), by driver name. */
    final Map<String, String> driverConfigPids = new java.util.concurrent.ConcurrentHashMap<>();
    /** Every handler and driver seen, installed or not: their configurations wait for them. */
    final KnownPlugins known;
    private final DeviceNodes devices = new DeviceNodes(this);
    private final TargetNodes targets = new TargetNodes(this);

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
                return CoreNode.root(p, this, c);
            case 1:
                if (s[0].equals("handlers")) {
                    return Nodes.collection(p, devices.handlerNames(c), false);
                } else if (s[0].equals("targets")) {
                    return Nodes.collection(p, targets.driverNames(c), false);
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
                return s.length == 2 ? devices.handlerNode(p, c, s[1])
                        : s.length == 3 ? devices.deviceNode(p, c, s[1], s[2]) : null;
            case "sessions":
                return s.length == 2 ? sessionNode(p, c, s[1], null) : null;
            case "targets":
                return targets.targetsNode(p, c, s);
            case "alua":
                return aluaNode(p, s);
            default:
                return null;
        }
    }

    /** The node at a path; a {@link ManagementException} if there is none. */
    NodeDTO require(String path) {
        NodeDTO n = resolve(Path.of(path));
        if (n == null) {
            throw new ManagementException("no such node: " + path);
        }
        return n;
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






    NodeDTO sessionNode(Path p, TargetCore c, String id, String target) {
        CoreSession s = c == null ? null : c.sessions().stream()
                .filter(x -> Long.toString(x.id()).equals(id) && (target == null || x.targetName().equals(target)))
                .findFirst().orElse(null);
        return s == null ? null : Nodes.session(p, s, c.matchingGroup(s.targetName(), s.initiator().name()));
    }

    /** A node for a configuration: its Metatype-described attributes with values, writable, deletable. */
    NodeDTO configured(Path p, String kind, ConfigStore.Entry e) {
        NodeDTO n = Nodes.node(p, kind);
        n.pid = e.pid();
        n.deletable = true;
        for (AttributeCatalog.Definition d : catalog.attributes(e.factoryPid())) {
            n.attributes.add(Nodes.configured(d, e.properties().get(d.id())));
        }
        return n;
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





    /** The sorted union of a plugin kind's installed, known and running names. */
    static List<String> pluginNames(Collection<String> installed, Collection<String> known, Stream<String> running) {
        TreeSet<String> names = new TreeSet<>(installed);
        names.addAll(known);
        running.forEach(names::add);
        return new ArrayList<>(names);
    }

    /** The sorted names of running objects and of the configurations of a factory PID (none for ""), "" left out. */
    List<String> objectNames(Stream<String> running, String factoryPid) {
        TreeSet<String> names = new TreeSet<>();
        running.forEach(names::add);
        if (!factoryPid.isEmpty()) {
            store.list(factoryPid).forEach(e -> names.add(e.get("name")));
        }
        names.remove("");
        return new ArrayList<>(names);
    }

    static List<String> sessionIds(TargetCore c, String target) {
        List<String> ids = new ArrayList<>();
        if (c != null) {
            c.sessions().stream().filter(s -> target == null || s.targetName().equals(target))
                    .sorted((a, b) -> Long.compare(a.id(), b.id())).forEach(s -> ids.add(Long.toString(s.id())));
        }
        return ids;
    }

}
