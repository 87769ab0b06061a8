package io.quiver.mgmt.rest.impl;

import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds every node of the management tree that carries command statistics (the {@code commands} and
 * {@code latency_us} attributes), whatever its kind: today devices, targets and sessions. Walks the tree
 * breadth first from {@code /}; a runtime object listed in two places (a session under {@code /sessions}
 * and under its target) is taken once, at its first path. Stateless; blocks while the tree does.
 */
final class StatisticsNodes {

    static final String COMMANDS = "commands";
    static final String LATENCY = "latency_us";
    /** Deep enough for the deepest path ({@code /targets/d/t/ini_groups/g/luns/n}). */
    private static final int MAX_DEPTH = 8;

    private StatisticsNodes() {
    }

    static List<NodeDTO> collect(ManagementTree tree) {
        List<NodeDTO> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<NodeDTO> queue = new ArrayDeque<>();
        tree.node("/").ifPresent(queue::add);
        while (!queue.isEmpty()) {
            NodeDTO n = queue.removeFirst();
            if (n.attribute(COMMANDS) != null && n.attribute(LATENCY) != null && seen.add(n.kind + "\0" + n.name)) {
                out.add(n);
            }
            if (!n.children.isEmpty() && depth(n.path) < MAX_DEPTH) {
                queue.addAll(tree.children(n.path));
            }
        }
        return out;
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }
}
