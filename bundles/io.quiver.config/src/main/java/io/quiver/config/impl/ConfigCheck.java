package io.quiver.config.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.config.ConfigProblem;
import io.quiver.config.impl.DesiredObject.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validates mapped objects against the live self-documentation of the management tree: handlers and
 * drivers must be installed, every attribute must exist and be writable, values must fit their types and
 * references (a LUN's device, a device group's devices and target groups, a target group's targets) must
 * name objects of the file or of the running system. An object that does not exist yet is described by its
 * collection's {@code create} command. Reads the tree only. Not thread-safe; one instance per check.
 */
final class ConfigCheck {

    private final ManagementTree tree;
    private final String file;
    private final List<ConfigProblem> problems;

    ConfigCheck(ManagementTree tree, String file, List<ConfigProblem> problems) {
        this.tree = tree;
        this.file = file;
        this.problems = problems;
    }

    /** The objects the planner can work on; problems for the rest. */
    List<ResolvedObject> resolve(List<DesiredObject> objects) {
        Names names = new Names(objects);
        List<ResolvedObject> out = new ArrayList<>();
        Set<String> unknownContainers = new HashSet<>();
        for (DesiredObject o : objects) {
            if (unknownContainers.contains(o.parent)) {
                continue;
            }
            if (o.kind == Kind.TARGET_GROUP && !o.hasBlock) {
                reference(o, "target group", names.targetGroups);
                continue;
            }
            Optional<NodeDTO> node = tree.node(o.path());
            if (o.kind.container() && node.isEmpty()) {
                problem(o.line, o.path(), null, "unknown " + (o.kind == Kind.HANDLER ? "handler " : "target driver ")
                        + o.name + " (installed: " + String.join(", ", children(o.parent)) + ")");
                unknownContainers.add(o.path());
                continue;
            }
            references(o, names);
            if (node.isEmpty() && parentCreatedLater(o)) {
                out.add(ResolvedObject.deferred(o));
                continue;
            }
            Map<String, AttributeDTO> schema = node.map(ConfigCheck::byName).orElseGet(() -> creationSchema(o));
            if (schema != null) {
                out.add(values(o, schema, node.isPresent()));
            }
        }
        return out;
    }

    private ResolvedObject values(DesiredObject o, Map<String, AttributeDTO> schema, boolean exists) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> secrets = new HashSet<>();
        for (DesiredObject.Attribute a : o.attributes.values()) {
            AttributeDTO s = schema.get(a.name());
            if (s == null) {
                problem(a.line(), o.path(), a.name(), "unknown attribute " + a.name() + " (known: "
                        + String.join(", ", writable(schema)) + ")");
            } else if (!s.writable && !creationOnly(o, a.name())) {
                problem(a.line(), o.path(), a.name(), a.name() + " is read-only");
            } else {
                try {
                    values.put(a.name(), AttributeValues.fromFile(s, a.values()));
                    if (s.secret) {
                        secrets.add(a.name());
                    }
                } catch (IllegalArgumentException e) {
                    problem(a.line(), o.path(), a.name(), e.getMessage());
                }
            }
        }
        return new ResolvedObject(o, values, secrets, exists);
    }

    /** An attribute set cannot change but create takes: a change means deleting and creating the object. */
    private boolean creationOnly(DesiredObject o, String attribute) {
        return tree.node(o.parent).stream().flatMap(p -> p.commands.stream()).filter(c -> c.name.equals("create"))
                .flatMap(c -> c.parameters.stream()).anyMatch(p -> p.name.equals(attribute));
    }

    /**
     * A LUN or group of a target (or group) this file creates: its collection appears with the target, so
     * unless another target's collection describes it, its attributes are checked when apply creates it.
     */
    private boolean parentCreatedLater(DesiredObject o) {
        return (o.kind == Kind.LUN || o.kind == Kind.GROUP) && tree.node(o.parent).isEmpty()
                && siblingCollection(o.parent.substring(o.parent.lastIndexOf('/') + 1)).isEmpty();
    }

    /** The attributes a new object takes: its collection's create command, or a sibling collection's. */
    private Map<String, AttributeDTO> creationSchema(DesiredObject o) {
        Optional<NodeDTO> parent = tree.node(o.parent);
        if (parent.isEmpty()) {
            parent = siblingCollection(o.parent.substring(o.parent.lastIndexOf('/') + 1));
        }
        if (parent.isEmpty()) {
            problem(o.line, o.path(), null, "no such collection: " + o.parent);
            return null;
        }
        if (!parent.get().creatable) {
            problem(o.line, o.path(), null, o.parent + " cannot create objects");
            return null;
        }
        return createParameters(parent.get());
    }

    /** What a collection's create command takes (but the name), as writable attributes; empty if undescribed. */
    static Map<String, AttributeDTO> createParameters(NodeDTO collection) {
        Map<String, AttributeDTO> schema = new LinkedHashMap<>();
        collection.commands.stream().filter(c -> c.name.equals("create")).flatMap(c -> c.parameters.stream())
                .filter(p -> !p.name.equals("name")).forEach(p -> {
                    p.writable = true;
                    schema.putIfAbsent(p.name, p);
                });
        return schema;
    }

    /** An existing {@code luns} or {@code ini_groups} collection of any target (they share one factory PID). */
    private Optional<NodeDTO> siblingCollection(String collection) {
        for (String driver : children("/targets")) {
            for (String target : children("/targets/" + driver)) {
                Optional<NodeDTO> n = tree.node("/targets/" + driver + "/" + target + "/" + collection);
                if (n.isPresent()) {
                    return n;
                }
            }
        }
        return Optional.empty();
    }

    private void references(DesiredObject o, Names names) {
        switch (o.kind) {
            case LUN -> reference(o, "device", names.devices);
            case DEVICE_GROUP -> {
                reference(o, "devices", names.devices);
                reference(o, "target_groups", names.targetGroups);
            }
            case TARGET_GROUP -> reference(o, "targets", names.targets);
            default -> {
            }
        }
    }

    private void reference(DesiredObject o, String attribute, Set<String> known) {
        DesiredObject.Attribute a = o.attributes.get(attribute);
        List<String> refs = a == null ? List.of(o.name) : a.values();
        for (String r : refs) {
            if (!known.contains(r)) {
                problem(a == null ? o.line : a.line(), o.path(), a == null ? null : attribute,
                        "no such " + (a == null ? attribute : attribute.replaceAll("s$", "")) + ": " + r);
            }
        }
    }

    /** Names a file may refer to: its own objects and the running system's. */
    private final class Names {
        final Set<String> devices = new HashSet<>();
        final Set<String> targets = new HashSet<>();
        final Set<String> targetGroups = new HashSet<>(children("/alua/target_groups"));

        Names(List<DesiredObject> objects) {
            for (String h : children("/handlers")) {
                devices.addAll(children("/handlers/" + h));
            }
            for (String d : children("/targets")) {
                targets.addAll(children("/targets/" + d));
            }
            for (DesiredObject o : objects) {
                switch (o.kind) {
                    case DEVICE -> devices.add(o.name);
                    case TARGET -> targets.add(o.name);
                    case TARGET_GROUP -> targetGroups.add(o.hasBlock ? o.name : "");
                    default -> {
                    }
                }
            }
        }
    }

    private List<String> children(String path) {
        return tree.node(path).map(n -> n.children).orElse(List.of());
    }

    static Map<String, AttributeDTO> byName(NodeDTO n) {
        Map<String, AttributeDTO> m = new LinkedHashMap<>();
        n.attributes.forEach(a -> m.putIfAbsent(a.name, a));
        return m;
    }

    private static List<String> writable(Map<String, AttributeDTO> schema) {
        return schema.values().stream().filter(a -> a.writable && !ScstMapping.IDENTITY.contains(a.name)).map(a -> a.name).toList();
    }

    private void problem(int line, String object, String attribute, String message) {
        problems.add(new ConfigProblem(file, line, object, attribute, message));
    }
}
