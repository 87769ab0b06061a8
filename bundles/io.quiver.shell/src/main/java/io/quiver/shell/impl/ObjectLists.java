package io.quiver.shell.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import java.util.ArrayList;
import java.util.List;

/**
 * Flat listings of the tree by kind (SCST's {@code -list_target}, {@code -list_device},
 * {@code -list_sessions}): one line per object with the attributes an administrator looks for first.
 * Generic: walks the collections and shows whatever attributes the nodes have. Stateless.
 */
final class ObjectLists {

    /** The kinds {@code quiver:list} knows. */
    static final List<String> KINDS = List.of("targets", "devices", "sessions");

    private ObjectLists() {
    }

    static String list(ManagementTree tree, String kind) {
        switch (kind) {
            case "targets":
                return lines(grandChildren(tree, "/targets"), "enabled", "registered");
            case "devices":
                return lines(grandChildren(tree, "/handlers"), "attached", "used_by");
            case "sessions":
                return lines(tree.children("/sessions"), "initiator", "target", "group", "luns");
            default:
                throw new IllegalArgumentException("unknown kind " + kind + " (one of " + String.join(", ", KINDS) + ")");
        }
    }

    /** The sessions of one target, or of every target when {@code target} is null. */
    static String sessions(ManagementTree tree, String target) {
        String path = target == null ? "/sessions" : target + "/sessions";
        if (tree.node(path).isEmpty()) {
            throw new IllegalArgumentException("no such target: " + target);
        }
        return lines(tree.children(path), "initiator", "target", "group", "luns");
    }

    private static List<NodeDTO> grandChildren(ManagementTree tree, String root) {
        List<NodeDTO> out = new ArrayList<>();
        for (NodeDTO c : tree.children(root)) {
            out.addAll(tree.children(c.path));
        }
        return out;
    }

    /** Path, then {@code name=value} for each of the given attributes the node has. */
    static String lines(List<NodeDTO> nodes, String... attributes) {
        StringBuilder sb = new StringBuilder();
        int width = nodes.stream().mapToInt(n -> n.path.length()).max().orElse(0);
        for (NodeDTO n : nodes) {
            sb.append(String.format("%-" + Math.max(width, 1) + "s", n.path));
            for (String name : attributes) {
                AttributeDTO a = n.attribute(name);
                if (a != null) {
                    sb.append("  ").append(name).append('=').append(TreeFormat.value(a));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
