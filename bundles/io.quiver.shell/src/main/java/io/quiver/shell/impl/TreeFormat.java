package io.quiver.shell.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.CommandDTO;
import io.quiver.api.mgmt.NodeDTO;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders management nodes as text for the shell, in the shape SCST users know from sysfs: one
 * attribute per line, non-default attributes marked {@code [key]}, secrets never shown. Stateless.
 */
final class TreeFormat {

    static final String HIDDEN = "(write-only)";

    private TreeFormat() {
    }

    /** One line per child: name, kind and the child's path. */
    static String children(List<NodeDTO> nodes) {
        StringBuilder sb = new StringBuilder();
        int width = nodes.stream().mapToInt(n -> n.name.length()).max().orElse(0);
        for (NodeDTO n : nodes) {
            sb.append(String.format("%-" + Math.max(width, 1) + "s  %-16s %s%n", n.name, n.kind == null ? "" : n.kind, n.path));
        }
        return sb.toString();
    }

    /** The node's path, kind, attributes (value, default, flags, description) and commands. */
    static String node(NodeDTO n) {
        StringBuilder sb = new StringBuilder();
        sb.append(n.path).append("  (").append(n.kind).append(n.pid != null ? ", PID " + n.pid : "").append(")\n");
        int width = n.attributes.stream().mapToInt(a -> a.name.length()).max().orElse(0);
        for (AttributeDTO a : n.attributes) {
            sb.append(String.format("  %-" + Math.max(width, 1) + "s = %s%s%s%n", a.name, value(a), a.key ? "  [key]" : "",
                    a.writable ? "" : "  (read-only)"));
        }
        if (!n.children.isEmpty()) {
            sb.append("  children: ").append(String.join(", ", n.children)).append('\n');
        }
        for (CommandDTO c : n.commands) {
            sb.append("  command ").append(c.name).append(": ").append(c.description).append('\n');
        }
        return sb.toString();
    }

    /** Every attribute with its type, default and description: the node's self-documentation (SCST's mgmt help). */
    static String help(NodeDTO n) {
        StringBuilder sb = new StringBuilder();
        for (AttributeDTO a : n.attributes) {
            sb.append(a.name).append(" (").append(a.type).append(a.defaultValue != null ? ", default " + a.defaultValue : "")
                    .append(a.writable ? "" : ", read-only").append(a.secret ? ", write-only" : "").append(")\n    ")
                    .append(a.description).append('\n');
        }
        return sb.toString();
    }

    static String value(AttributeDTO a) {
        if (a.secret) {
            return HIDDEN;
        }
        return a.value == null ? "" : a.value;
    }

    /**
     * Parses {@code key=value} arguments, in order; the value may contain '='.
     *
     * @throws IllegalArgumentException naming the argument that has no '='
     */
    static Map<String, String> keyValues(List<String> args) {
        Map<String, String> map = new TreeMap<>();
        if (args == null) {
            return map;
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected attribute=value, got: " + arg);
            }
            map.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return map;
    }
}
