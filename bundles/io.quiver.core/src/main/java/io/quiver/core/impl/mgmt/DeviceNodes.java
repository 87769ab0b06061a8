package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.NodeDTO;
import io.quiver.core.impl.LunConfiguration;
import io.quiver.core.impl.target.LogicalUnit;
import io.quiver.spi.cluster.ClusterPortGroup;
import io.quiver.spi.cluster.ReservationStore;
import io.quiver.core.impl.target.TargetCore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code handlers} branch of the management tree: device handlers, installed or only known, and
 * their devices, the attached ones joined with the configurations of their handler's factory PID.
 *
 * <p>Thread-safe: keeps no state; reads the core and the {@link ConfigStore} on demand.
 */
final class DeviceNodes {

    private final TreeResolver tree;

    DeviceNodes(TreeResolver resolver) {
        this.tree = resolver;
    }

    NodeDTO handlerNode(Path p, TargetCore c, String handler) {
        if (!handlerNames(c).contains(handler)) {
            return null;
        }
        String pid = tree.handlerPid(handler);
        NodeDTO n = Nodes.collection(p, deviceNames(c, handler), !tree.handlerPids.getOrDefault(handler, "").isEmpty());
        n.kind = "handler";
        n.attributes.add(Nodes.runtime("factory_pid", pid, "The ConfigAdmin factory PID of this handler's devices."));
        n.attributes.add(Nodes.runtime("state", tree.handlerPids.containsKey(handler) ? "installed" : "not installed",
                "Whether the handler's bundle is installed; its devices' configurations wait while it is not."));
        return n;
    }

    NodeDTO deviceNode(Path p, TargetCore c, String handler, String device) {
        if (!deviceNames(c, handler).contains(device)) {
            return null;
        }
        String pid = tree.handlerPid(handler);
        ConfigStore.Entry e = pid.isEmpty() ? null : tree.store.list(pid).stream()
                .filter(x -> x.get("name").equals(device)).findFirst().orElse(null);
        NodeDTO n = e != null ? tree.configured(p, "device", e) : Nodes.node(p, "device");
        LogicalUnit u = c == null ? null : c.unit(device);
        n.attributes.add(Nodes.runtime("attached", Boolean.toString(u != null), "Whether the core uses the device."));
        n.attributes.add(Nodes.runtime("state", u != null ? "active"
                : tree.handlerPids.containsKey(handler) ? "not attached (see the log)" : "waiting for handler " + handler,
                "active; waiting for handler NAME (configured, its bundle is not installed); or not attached."));
        n.attributes.add(Nodes.runtime("used_by", String.join(",", lunsOf(device)),
                "The LUNs mapped to the device: target/lun, or target/ini_groups/group/lun."));
        if (u != null && u.clusterStore() != null) {
            clusterAlua(n, u.clusterStore(), device);
        }
        if (u != null) {
            u.device().runtimeAttributes().forEach((k, v) -> n.attributes.add(Nodes.runtime(k, v,
                    "Runtime state reported by the device (read-only).")));
            Nodes.statistics(n, u.statistics());
        }
        return n;
    }

    /** ALUA across nodes of a cluster_mode device: its owner and every live node's target port group. */
    private static void clusterAlua(NodeDTO n, ReservationStore store, String device) {
        List<ClusterPortGroup> groups = store.portGroups(device);
        n.attributes.add(Nodes.runtime("cluster_owner", groups.stream().filter(ClusterPortGroup::owner)
                .map(ClusterPortGroup::node).findFirst().orElse(""),
                "The node that owns the device (its target port group is active/optimized); elected in ZooKeeper."));
        String others = store.nonOwnerAccessState() == 2 ? "standby" : "active/non-optimized";
        n.attributes.add(Nodes.runtime("cluster_port_groups", groups.stream()
                .map(g -> g.id() + ":" + g.node() + new TreeSet<>(g.relativeTargetPorts()) + "="
                        + (!g.live() ? "offline" : g.owner() ? "active/optimized" : others))
                .collect(Collectors.joining(",")),
                "Target port groups across the cluster: group id:node[relative target port ids]=state, as REPORT "
                        + "TARGET PORT GROUPS reports them through every node."));
    }

    /** Where a device is mapped, from the LUN configurations (whether or not the target is registered). */
    private List<String> lunsOf(String device) {
        TreeSet<String> out = new TreeSet<>();
        for (ConfigStore.Entry e : tree.store.list(LunConfiguration.PID)) {
            if (e.get("device").equals(device)) {
                out.add(e.get("target") + (e.get("group").isEmpty() ? "" : "/ini_groups/" + e.get("group")) + "/" + e.get("lun"));
            }
        }
        return new ArrayList<>(out);
    }

    List<String> handlerNames(TargetCore c) {
        return TreeResolver.pluginNames(tree.handlerPids.keySet(), tree.known.handlers().keySet(),
                c == null ? Stream.empty() : c.units().stream().map(u -> u.descriptor().handlerName()));
    }

    private List<String> deviceNames(TargetCore c, String handler) {
        Stream<String> running = c == null ? Stream.empty()
                : c.units().stream().filter(u -> u.descriptor().handlerName().equals(handler)).map(LogicalUnit::deviceName);
        return tree.objectNames(running, tree.handlerPid(handler));
    }
}
