package io.quiver.config.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.config.impl.DesiredObject.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of the running system a config file can describe, read from the management tree in the
 * order a file lists them: devices by handler, targets by driver with their LUNs and initiator groups,
 * then ALUA target and device groups. Targets a driver registered without a configuration are listed
 * (their LUNs may be configured) but are not {@link Running#configured configured}. Stateless.
 */
final class RunningObjects {

    /** One running object, under the collection {@code parent}. */
    record Running(Kind kind, String parent, NodeDTO node) {

        /** Whether it is a configuration the tree can delete and create. */
        boolean configured() {
            return node.pid != null && node.deletable;
        }

        /** Its non-default attributes, as a file would set them (identity and secret ones left out). */
        Map<String, String> keyAttributes() {
            Map<String, String> out = new LinkedHashMap<>();
            for (AttributeDTO a : node.attributes) {
                if (isKey(a) && !a.secret && !ScstMapping.IDENTITY.contains(a.name)) {
                    out.putIfAbsent(a.name, AttributeValues.running(a));
                }
            }
            return out;
        }

        boolean hasSecret() {
            return node.attributes.stream().anyMatch(a -> a.secret && isKey(a));
        }
    }

    private RunningObjects() {
    }

    /**
     * SCST's {@code [key]}: a writable attribute set to something else than its default. An empty value
     * without a default (an empty list) counts as the default.
     */
    static boolean isKey(AttributeDTO a) {
        boolean empty = !a.secret && AttributeValues.running(a).isEmpty() && (a.defaultValue == null || a.defaultValue.isEmpty());
        return a.writable && a.key && !empty;
    }

    static List<Running> list(ManagementTree tree) {
        List<Running> out = new ArrayList<>();
        for (String h : names(tree, "/handlers")) {
            add(out, tree, Kind.DEVICE, "/handlers/" + h, true);
        }
        for (String d : names(tree, "/targets")) {
            for (NodeDTO t : tree.children("/targets/" + d)) {
                out.add(new Running(Kind.TARGET, "/targets/" + d, t));
                add(out, tree, Kind.LUN, t.path + "/luns", false);
                for (NodeDTO g : tree.children(t.path + "/ini_groups")) {
                    out.add(new Running(Kind.GROUP, t.path + "/ini_groups", g));
                    add(out, tree, Kind.LUN, g.path + "/luns", false);
                }
            }
        }
        add(out, tree, Kind.TARGET_GROUP, "/alua/target_groups", false);
        add(out, tree, Kind.DEVICE_GROUP, "/alua/device_groups", false);
        return out;
    }

    private static void add(List<Running> out, ManagementTree tree, Kind kind, String parent, boolean configuredOnly) {
        for (NodeDTO n : tree.children(parent)) {
            if (!configuredOnly || n.pid != null) {
                out.add(new Running(kind, parent, n));
            }
        }
    }

    private static List<String> names(ManagementTree tree, String path) {
        return tree.node(path).map(n -> n.children).orElse(List.of());
    }
}
