package io.quiver.config.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.config.impl.DesiredObject.Kind;
import io.quiver.config.impl.RunningObjects.Running;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the running system as {@code scst.conf}, the way scstadmin's {@code -write_config} does: top-level
 * (core) attributes, then HANDLER, TARGET_DRIVER and DEVICE_GROUP sections; in each object its non-default
 * ({@code [key]}) attributes in the tree's order and, with {@code nonKey} ({@code -nonkey}), after a
 * {@code # Non-key attributes} comment, its other writable attributes. {@code enabled} is always written,
 * at driver level ({@code 1}: a Quiver driver serves while its bundle runs) and at target level, since
 * SCST's default is 0 and Quiver's is 1: a written file means the same to SCST's scstadmin. Booleans are 1
 * and 0, {@code #} and {@code \} are escaped, values with blanks quoted, closing braces on their own line,
 * so scstadmin reads it, and applying the result changes nothing. Secrets are write-only: a comment
 * stands in for each one set, and applying a file without the secret keeps it. Target groups no device
 * group uses are written at top level (Quiver's extension); remote target ports of a target group as
 * {@code TARGET remote_port_<id> { rel_tgt_id <id> }}. Not thread-safe; one instance per call.
 */
final class ConfigWriter {

    /** Written at driver and target level whatever its default (see the class comment). */
    static final String ENABLED = "enabled";
    /** The name of a remote target port in a TARGET_GROUP (Quiver keeps only its relative port id). */
    static final String REMOTE_PORT_PREFIX = "remote_port_";

    private final StringBuilder out = new StringBuilder();
    private String deviceGroup = "";
    private final Map<String, List<Running>> byParent = new LinkedHashMap<>();

    private final ManagementTree tree;
    private final boolean nonKey;

    private ConfigWriter(ManagementTree tree, boolean nonKey) {
        this.tree = tree;
        this.nonKey = nonKey;
        RunningObjects.list(tree).forEach(r -> byParent.computeIfAbsent(r.parent(), p -> new ArrayList<>()).add(r));
    }

    static String write(ManagementTree tree, boolean nonKey) {
        ConfigWriter w = new ConfigWriter(tree, nonKey);
        w.out.append("# scst.conf written by Quiver from the running system: ")
                .append(nonKey ? "every writable attribute (-nonkey).\n" : "non-default attributes only.\n");
        tree.node("/").ifPresent(root -> {
            int mark = w.out.length();
            w.attributes(new Running(Kind.CORE, "", root), "");
            if (w.out.length() > mark) {
                w.out.insert(mark, "\n");
            }
        });
        w.sections("HANDLER", "/handlers/", "DEVICE");
        w.sections("TARGET_DRIVER", "/targets/", "TARGET");
        w.alua();
        return w.out.toString();
    }

    /** HANDLER or TARGET_DRIVER sections: one per collection below {@code root} that holds objects to write. */
    private void sections(String keyword, String root, String childKeyword) {
        for (Map.Entry<String, List<Running>> e : byParent.entrySet()) {
            String parent = e.getKey();
            if (!parent.startsWith(root) || parent.indexOf('/', root.length()) >= 0) {
                continue;
            }
            List<Running> shown = e.getValue().stream().filter(r -> r.configured() || byParent.containsKey(r.node().path + "/luns")
                    || byParent.containsKey(r.node().path + "/ini_groups")).toList();
            if (!shown.isEmpty()) {
                out.append('\n').append(keyword).append(' ').append(quote(parent.substring(root.length()))).append(" {\n");
                int mark = out.length();
                tree.node(parent).ifPresent(n -> {
                    Kind kind = keyword.equals("HANDLER") ? Kind.HANDLER : Kind.DRIVER;
                    if (kind == Kind.DRIVER && n.attribute(ENABLED) == null) {
                        out.append("\t" + ENABLED + " 1\n");
                    }
                    attributes(new Running(kind, root, n), "\t");
                });
                if (out.length() > mark) {
                    out.append('\n');
                }
                shown.forEach(r -> object(childKeyword + " " + quote(r.node().name), r, 1));
                out.append("}\n");
            }
        }
    }

    private void alua() {
        Set<String> nested = new HashSet<>();
        for (Running dg : byParent.getOrDefault("/alua/device_groups", List.of())) {
            out.append('\n');
            deviceGroup = dg.node().name;
            object("DEVICE_GROUP " + quote(dg.node().name), dg, 0);
            nested.addAll(structural(dg, "target_groups"));
        }
        for (Running tg : byParent.getOrDefault("/alua/target_groups", List.of())) {
            if (!nested.contains(tg.node().name)) {
                out.append('\n');
                object("TARGET_GROUP " + quote(tg.node().name), tg, 0);
            }
        }
    }

    /**
     * An object's own attributes: {@code enabled} and the key ones, then with {@code nonKey} the other
     * writable ones after scstadmin's comment.
     */
    private void attributes(Running r, String indent) {
        int mark = out.length();
        List<AttributeDTO> rest = new ArrayList<>();
        for (AttributeDTO a : r.node().attributes) {
            if (ScstMapping.IDENTITY.contains(a.name) || ScstMapping.isStructural(r.kind(), AttributeValues.scstName(a.name)) || !a.writable) {
                continue;
            }
            if (a.secret && RunningObjects.isKey(a)) {
                out.append(indent).append("# ").append(AttributeValues.scstName(a.name)).append(" is set but write-only; apply keeps it when absent\n");
            } else if (!a.secret && (RunningObjects.isKey(a) || a.name.equals(ENABLED))) {
                attribute(a, indent);
            } else if (!a.secret && !AttributeValues.running(a).isEmpty()) {
                rest.add(a);
            }
        }
        if (nonKey && !rest.isEmpty()) {
            out.append(out.length() > mark ? "\n" : "").append(indent).append("# Non-key attributes\n");
            rest.forEach(a -> attribute(a, indent));
        }
    }

    private void attribute(AttributeDTO a, String indent) {
        AttributeValues.toFile(a).forEach(v -> out.append(indent).append(AttributeValues.scstName(a.name)).append(' ').append(quote(v)).append('\n'));
    }

    /** One object: its attributes, then what the structure holds (LUNs, groups, INITIATOR, DEVICE, TARGET lines). */
    private void object(String head, Running r, int depth) {
        int mark = out.length();
        String indent = "\t".repeat(depth + 1);
        attributes(r, indent);
        String path = r.node().path;
        switch (r.kind()) {
            case TARGET -> {
                byParent.getOrDefault(path + "/luns", List.of()).forEach(l -> lun(l, depth + 1));
                byParent.getOrDefault(path + "/ini_groups", List.of()).forEach(g -> object("GROUP " + quote(g.node().name), g, depth + 1));
            }
            case GROUP -> {
                byParent.getOrDefault(path + "/luns", List.of()).forEach(l -> lun(l, depth + 1));
                structural(r, "initiators").forEach(i -> out.append(indent).append("INITIATOR ").append(quote(i)).append('\n'));
            }
            case DEVICE_GROUP -> {
                structural(r, "devices").forEach(d -> out.append(indent).append("DEVICE ").append(quote(d)).append('\n'));
                for (String tg : structural(r, "target_groups")) {
                    // A group scoped to this device group (named "<dg>.<tg>" when read) is nested under its short name.
                    String shown = tg.startsWith(deviceGroup + ".") ? tg.substring(deviceGroup.length() + 1) : tg;
                    byParent.getOrDefault("/alua/target_groups", List.of()).stream().filter(t -> t.node().name.equals(tg))
                            .forEach(t -> object("TARGET_GROUP " + quote(shown), t, depth + 1));
                }
            }
            case TARGET_GROUP -> {
                structural(r, "targets").forEach(t -> out.append(indent).append("TARGET ").append(quote(t)).append('\n'));
                for (String port : structural(r, AluaSections.REMOTE_PORTS)) {
                    out.append(indent).append("TARGET ").append(REMOTE_PORT_PREFIX).append(port).append(" {\n").append(indent)
                            .append("\trel_tgt_id ").append(port).append('\n').append(indent).append("}\n");
                }
            }
            default -> {
            }
        }
        String body = out.substring(mark);
        out.setLength(mark);
        String outer = "\t".repeat(depth);
        out.append(outer).append(head).append(body.isEmpty() ? "\n" : " {\n" + body + outer + "}\n");
    }

    private void lun(Running l, int depth) {
        String device = structural(l, "device").stream().findFirst().orElse("");
        object("LUN " + l.node().name + " " + quote(device), l, depth);
    }

    private static List<String> structural(Running r, String attribute) {
        AttributeDTO a = r.node().attributes.stream().filter(x -> AttributeValues.scstName(x.name).equals(attribute)).findFirst().orElse(null);
        return a == null ? List.of() : AttributeValues.toFile(a).stream().filter(v -> !v.isEmpty()).toList();
    }

    /**
     * A value as one word scstadmin reads back: {@code \\} and {@code #} escaped with a backslash (an
     * unescaped {@code #} starts a comment), quoted when empty or holding blanks, braces or quotes.
     */
    static String quote(String v) {
        String escaped = v.replace("\\", "\\\\").replace("#", "\\#");
        if (!v.isEmpty() && v.chars().noneMatch(c -> Character.isWhitespace(c) || c == '{' || c == '}' || c == '"')) {
            return escaped;
        }
        return '"' + escaped.replace("\"", "\\\"") + '"';
    }
}
