package io.quiver.config.impl;

import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.config.ConfigProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The obsolete pre-2.0 (procfs) {@code scst.conf} format, converted as scstadmin's {@code readOldConfigFile}
 * converts it: {@code [HANDLER vdisk]} {@code DEVICE name,path,options,blocksize[,t10_dev_id]} becomes a
 * vdisk_fileio, vdisk_blockio ({@code BLOCKIO}/{@code BIO}) or vdisk_nullio ({@code NULLIO}/{@code NIO})
 * device with {@code write_through}, {@code read_only}, {@code nv_cache}, {@code removable} from its options;
 * {@code [ASSIGNMENT Default]} puts LUNs on every running target, {@code [ASSIGNMENT Default_<target>]} on
 * that target (created in every driver that can create targets when none runs, as scstadmin does);
 * other assignments and {@code [GROUP g]} {@code USER} lines become initiator groups of the enabled
 * ({@code [TARGETS enable]} {@code HOST}) targets, or of all of them; drivers and targets get {@code enabled 1}.
 * The result is mapped like a 2.0 file, each statement keeping its source line, and a note says the file
 * was converted. Reads the tree only; not thread-safe, one instance per file.
 */
final class LegacyFormat {

    /** scstadmin's test: a bracketed section header naming one of the old sections. */
    private static final Pattern HEADER = Pattern.compile("(?m)^\\s*\\[(HANDLER|GROUP|ASSIGNMENT)\\s+[^\\]]*\\]");
    private static final Pattern SECTION = Pattern.compile("^\\[(\\S+)(?:\\s+(.*))?\\]$");
    private static final Map<String, String> OPTIONS = Map.of("WRITE_THROUGH", "write_through", "WT", "write_through",
            "READ_ONLY", "read_only", "RO", "read_only", "NV_CACHE", "nv_cache", "NV", "nv_cache", "REMOVABLE", "removable",
            "RM", "removable");

    private record Line(String value, int line) {
    }

    private final ManagementTree tree;
    private final String file;
    /** section -> argument -> attribute -> values with their lines, in file order. */
    private final Map<String, Map<String, Map<String, List<Line>>>> old = new LinkedHashMap<>();
    private final Map<String, Map<String, List<ConfigBlock>>> handlers = new LinkedHashMap<>();
    private final Map<String, Map<String, List<ConfigBlock>>> targets = new LinkedHashMap<>();

    LegacyFormat(ManagementTree tree, String file) {
        this.tree = tree;
        this.file = file;
    }

    static boolean isLegacy(String text) {
        return text != null && HEADER.matcher(text).find();
    }

    ScstMapping.Result map(String text) {
        read(text);
        handlers();
        assignments();
        List<ConfigBlock> blocks = new ArrayList<>();
        handlers.forEach((h, devices) -> {
            List<ConfigBlock> body = new ArrayList<>();
            devices.forEach((d, attrs) -> body.add(block("DEVICE", List.of(d), attrs.isEmpty() ? 1 : attrs.get(0).line(), attrs)));
            blocks.add(block("HANDLER", List.of(h), 1, body));
        });
        targets.forEach((d, ts) -> {
            List<ConfigBlock> body = new ArrayList<>();
            body.add(new ConfigBlock("enabled", List.of("1"), 1, null));
            ts.forEach((t, b) -> {
                List<ConfigBlock> withEnabled = new ArrayList<>(b);
                withEnabled.add(0, new ConfigBlock("enabled", List.of("1"), b.isEmpty() ? 1 : b.get(0).line(), null));
                body.add(block("TARGET", List.of(t), withEnabled.get(0).line(), withEnabled));
            });
            blocks.add(block("TARGET_DRIVER", List.of(d), 1, body));
        });
        ScstMapping.Result r = ScstMapping.map(file, blocks, List.of());
        List<ConfigProblem> notes = new ArrayList<>(r.notes());
        notes.add(0, new ConfigProblem(file, 1, null, null, "obsolete pre-2.0 scst.conf format ([HANDLER ...], "
                + "[ASSIGNMENT ...]): converted as scstadmin converts it; write the result with write_config and use that"));
        return new ScstMapping.Result(r.objects(), r.problems(), notes);
    }

    private void read(String text) {
        String section = null;
        String arg = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].split("#", 2)[0].strip();
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                section = m.group(1);
                arg = section.equals("OPTIONS") ? "default" : m.group(2) == null ? "" : m.group(2).strip();
                old.computeIfAbsent(section, s -> new LinkedHashMap<>()).computeIfAbsent(arg, a -> new LinkedHashMap<>());
            } else if (section != null && !line.isEmpty()) {
                String[] kv = line.split("\\s+", 2);
                old.get(section).get(arg).computeIfAbsent(kv[0], k -> new ArrayList<>())
                        .add(new Line(kv.length > 1 ? kv[1] : "", i + 1));
            }
        }
    }

    private void handlers() {
        old.getOrDefault("HANDLER", Map.of()).forEach((handler, attrs) -> {
            for (Line d : attrs.getOrDefault("DEVICE", List.of())) {
                String[] f = (d.value() + ",,,,").split(",", -1);
                String name = handler;
                for (String option : f[2].split("\\|")) {
                    if (handler.equals("vdisk") && (option.equals("NULLIO") || option.equals("NIO"))) {
                        name = "vdisk_nullio";
                    } else if (handler.equals("vdisk") && (option.equals("BLOCKIO") || option.equals("BIO"))) {
                        name = "vdisk_blockio";
                    }
                }
                name = name.equals("vdisk") ? "vdisk_fileio" : name;
                List<ConfigBlock> body = new ArrayList<>();
                for (String option : f[2].split("\\|")) {
                    if (OPTIONS.containsKey(option)) {
                        body.add(new ConfigBlock(OPTIONS.get(option), List.of("1"), d.line(), null));
                    }
                }
                attribute(body, "t10_dev_id", f[4], d.line());
                // scstadmin writes filename for every path; a NULLIO device's path is a placeholder ("none").
                attribute(body, "filename", name.equals("vdisk_nullio") ? "" : f[1], d.line());
                attribute(body, "blocksize", f[3], d.line());
                handlers.computeIfAbsent(name, h -> new LinkedHashMap<>()).put(f[0], body);
            }
        });
    }

    private void assignments() {
        List<String[]> running = new ArrayList<>();
        for (String d : children("/targets")) {
            children("/targets/" + d).forEach(t -> running.add(new String[] {d, t}));
        }
        List<String[]> added = new ArrayList<>();
        old.getOrDefault("ASSIGNMENT", Map.of()).forEach((group, attrs) -> {
            List<Line> devices = attrs.getOrDefault("DEVICE", List.of());
            if (group.equals("Default")) {
                running.forEach(t -> devices.forEach(d -> lun(target(t[0], t[1]), d)));
            } else if (group.startsWith("Default_")) {
                String name = group.substring("Default_".length());
                List<String[]> found = running.stream().filter(t -> t[1].equals(name)).toList();
                if (found.isEmpty()) {
                    // scstadmin: "Unable to find target ...: I will add this target to all drivers capable of creating targets".
                    for (String d : children("/targets")) {
                        if (tree.node("/targets/" + d).map(n -> n.creatable).orElse(false)) {
                            devices.forEach(dev -> lun(target(d, name), dev));
                            added.add(new String[] {d, name});
                        }
                    }
                }
                found.forEach(t -> devices.forEach(dev -> lun(target(t[0], t[1]), dev)));
            }
        });
        List<String[]> enabled = new ArrayList<>();
        for (Line host : old.getOrDefault("TARGETS", Map.of()).getOrDefault("enable", Map.of()).getOrDefault("HOST", List.of())) {
            running.stream().filter(t -> t[1].equalsIgnoreCase(host.value())).forEach(enabled::add);
        }
        if (enabled.isEmpty()) {
            enabled.addAll(running);
            enabled.addAll(added);
        }
        enabled.forEach(t -> groups(t[0], t[1]));
    }

    /** The GROUP sections scstadmin adds to a target: [GROUP g] USER lines and non-default assignments. */
    private void groups(String driver, String target) {
        Map<String, List<ConfigBlock>> groups = new LinkedHashMap<>();
        old.getOrDefault("GROUP", Map.of()).forEach((g, attrs) -> attrs.getOrDefault("USER", List.of()).forEach(u ->
                groups.computeIfAbsent(g, x -> new ArrayList<>()).add(new ConfigBlock("INITIATOR", List.of(u.value()), u.line(), null))));
        old.getOrDefault("ASSIGNMENT", Map.of()).forEach((g, attrs) -> {
            if (!g.startsWith("Default")) {
                attrs.getOrDefault("DEVICE", List.of()).forEach(d -> lun(groups.computeIfAbsent(g, x -> new ArrayList<>()), d));
            }
        });
        groups.forEach((g, body) -> target(driver, target).add(block("GROUP", List.of(g), body.get(0).line(), body)));
    }

    private List<ConfigBlock> target(String driver, String target) {
        return targets.computeIfAbsent(driver, d -> new LinkedHashMap<>()).computeIfAbsent(target, t -> new ArrayList<>());
    }

    /** {@code DEVICE name,lun} of an assignment as {@code LUN lun name}. */
    private static void lun(List<ConfigBlock> body, Line device) {
        String[] f = (device.value() + ",").split(",", -1);
        body.add(new ConfigBlock("LUN", List.of(f[1].strip(), f[0].strip()), device.line(), null));
    }

    private static ConfigBlock block(String keyword, List<String> values, int line, List<ConfigBlock> children) {
        return new ConfigBlock(keyword, values, line, children);
    }

    private List<String> children(String path) {
        return tree.node(path).map((NodeDTO n) -> n.children).orElse(List.of());
    }

    private static void attribute(List<ConfigBlock> body, String name, String value, int line) {
        if (!value.isBlank()) {
            body.add(new ConfigBlock(name, List.of(value.strip()), line, null));
        }
    }
}
