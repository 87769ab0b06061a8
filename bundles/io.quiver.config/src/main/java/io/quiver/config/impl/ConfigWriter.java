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
 * Writes the running system as {@code scst.conf}: only non-default ({@code [key]}) attributes, in the
 * tree's sorted order, booleans as 1 and 0, so that applying the result changes nothing. Secrets are
 * write-only: a comment stands in for each one set, and applying a file without the secret keeps it.
 * Target groups no device group uses are written at top level (Quiver's extension of the grammar).
 * Stateless; reads the tree once per call.
 */
final class ConfigWriter {

    private final StringBuilder out = new StringBuilder();
    private final Map<String, List<Running>> byParent = new LinkedHashMap<>();

    private ConfigWriter(List<Running> running) {
        running.forEach(r -> byParent.computeIfAbsent(r.parent(), p -> new ArrayList<>()).add(r));
    }

    static String write(ManagementTree tree) {
        ConfigWriter w = new ConfigWriter(RunningObjects.list(tree));
        w.out.append("# scst.conf written by Quiver from the running system: non-default attributes only.\n");
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
                shown.forEach(r -> object(childKeyword + " " + quote(r.node().name), r, 1));
                out.append("}\n");
            }
        }
    }

    private void alua() {
        Set<String> nested = new HashSet<>();
        for (Running dg : byParent.getOrDefault("/alua/device_groups", List.of())) {
            out.append('\n');
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

    /** One object: its attributes, then what the structure holds (LUNs, groups, INITIATOR, DEVICE, TARGET lines). */
    private void object(String head, Running r, int depth) {
        int mark = out.length();
        String indent = "\t".repeat(depth + 1);
        for (AttributeDTO a : r.node().attributes) {
            if (ScstMapping.IDENTITY.contains(a.name) || ScstMapping.isStructural(r.kind(), a.name) || !RunningObjects.isKey(a)) {
                continue;
            }
            if (a.secret) {
                out.append(indent).append("# ").append(a.name).append(" is set but write-only; apply keeps it when absent\n");
            } else {
                AttributeValues.toFile(a).forEach(v -> out.append(indent).append(a.name).append(' ').append(quote(v)).append('\n'));
            }
        }
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
                    byParent.getOrDefault("/alua/target_groups", List.of()).stream().filter(t -> t.node().name.equals(tg))
                            .forEach(t -> object("TARGET_GROUP " + quote(tg), t, depth + 1));
                }
            }
            case TARGET_GROUP -> structural(r, "targets").forEach(t -> out.append(indent).append("TARGET ").append(quote(t)).append('\n'));
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
        AttributeDTO a = r.node().attribute(attribute);
        return a == null ? List.of() : AttributeValues.toFile(a).stream().filter(v -> !v.isEmpty()).toList();
    }

    /** A value as one word: quoted when empty or holding blanks, braces, quotes or a leading '#'. */
    static String quote(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(c -> Character.isWhitespace(c) || c == '{' || c == '}' || c == '"') && v.charAt(0) != '#') {
            return v;
        }
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
