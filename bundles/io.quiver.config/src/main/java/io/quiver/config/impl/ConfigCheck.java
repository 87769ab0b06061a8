package io.quiver.config.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementException;
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
 * drivers must be installed, every attribute must exist and be writable, values must fit their types, and
 * references must name existing objects ({@link ReferenceCheck}). What SCST documents that the tree lacks
 * (an attribute, a driver's section, a hardware-only driver) and read-only attributes are
 * {@link ScstAttributesCheck}'s: notes, or a problem where the file's value cannot hold. The tree's dotted
 * names ({@code group.id}) answer to scst.conf's underscores ({@code group_id}). An object that does not exist yet is
 * described by its collection's {@code create} command. A path the tree refuses to look up is a problem of
 * the object's line, never an exception out of the check. Reads the tree only. Not thread-safe; one
 * instance per check.
 */
final class ConfigCheck {

    private final ManagementTree tree;
    private final String file;
    private final List<ConfigProblem> problems;
    private final List<ConfigProblem> notes;
    private final ScstAttributesCheck documented;

    ConfigCheck(ManagementTree tree, String file, List<ConfigProblem> problems, List<ConfigProblem> notes) {
        this.tree = tree;
        this.file = file;
        this.problems = problems;
        this.notes = notes;
        this.documented = new ScstAttributesCheck(file, problems, notes);
    }

    /** The objects the planner can work on; problems for the rest. */
    List<ResolvedObject> resolve(List<DesiredObject> objects) {
        ReferenceCheck references = new ReferenceCheck(tree, file, problems, notes, objects);
        List<ResolvedObject> out = new ArrayList<>();
        Set<String> skipped = new HashSet<>();
        for (DesiredObject o : objects) {
            if (skipped.stream().anyMatch(p -> o.path().startsWith(p + "/"))) {
                continue;
            }
            if (o.kind == Kind.TARGET_GROUP && !o.hasBlock) {
                references.targetGroupReference(o);
                continue;
            }
            try {
                resolve(o, objects, references, skipped).ifPresent(out::add);
            } catch (ManagementException e) {
                problem(o.line, o.path(), null, "refused by the management tree: " + e.getMessage());
            }
        }
        return out;
    }

    private Optional<ResolvedObject> resolve(DesiredObject o, List<DesiredObject> all, ReferenceCheck references, Set<String> skipped) {
        Optional<NodeDTO> node = tree.node(o.path());
        if (o.kind.container() && node.isEmpty()) {
            if (!documented.section(o, all, children(o.parent))) {
                problem(o.line, o.path(), null, "unknown " + (o.kind == Kind.HANDLER ? "handler " : "target driver ")
                        + o.name + " (installed: " + String.join(", ", children(o.parent)) + ")");
            }
            skipped.add(o.path());
            return Optional.empty();
        }
        if (o.kind == Kind.TARGET && node.isEmpty() && tree.node(o.parent).map(p -> !p.creatable).orElse(false)
                && documented.uncreatableTarget(o)) {
            skipped.add(o.path());
            return Optional.empty();
        }
        references.references(o);
        if (node.isEmpty() && parentCreatedLater(o)) {
            // Checked when created; what SCST documents is noted now and left out then (Step.CreateDeferred).
            o.attributes.values().stream().filter(a -> ScstAttributes.table().attribute(o.kind, a.name()).isPresent())
                    .forEach(a -> documented.attribute(o, a));
            return Optional.of(ResolvedObject.deferred(o));
        }
        Map<String, AttributeDTO> schema = node.map(ConfigCheck::byName).orElseGet(() -> creationSchema(o));
        return schema == null ? Optional.empty() : Optional.of(values(o, schema, node.isPresent()));
    }

    private ResolvedObject values(DesiredObject o, Map<String, AttributeDTO> schema, boolean exists) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> secrets = new HashSet<>();
        for (DesiredObject.Attribute a : documented.aliases(o, schema).values()) {
            AttributeDTO s = schema.get(a.name());
            if (s == null) {
                if (!documented.attribute(o, a)) {
                    problem(a.line(), o.path(), a.name(), "unknown attribute " + a.name() + " (known: "
                            + String.join(", ", writable(schema)) + ")");
                }
            } else if (!s.writable && !creationOnly(o, s.name)) {
                documented.readOnly(o, a, s, exists);
            } else {
                try {
                    values.put(s.name, AttributeValues.fromFile(s, a.values()));
                    if (s.secret) {
                        secrets.add(s.name);
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
                    schema.putIfAbsent(AttributeValues.scstName(p.name), p);
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

    private List<String> children(String path) {
        return tree.node(path).map(n -> n.children).orElse(List.of());
    }

    static Map<String, AttributeDTO> byName(NodeDTO n) {
        Map<String, AttributeDTO> m = new LinkedHashMap<>();
        n.attributes.forEach(a -> {
            m.putIfAbsent(a.name, a);
            m.putIfAbsent(AttributeValues.scstName(a.name), a);
        });
        return m;
    }

    private static List<String> writable(Map<String, AttributeDTO> schema) {
        return schema.values().stream().filter(a -> a.writable && !ScstMapping.IDENTITY.contains(a.name)).map(a -> AttributeValues.scstName(a.name)).distinct().toList();
    }

    private void problem(int line, String object, String attribute, String message) {
        problems.add(new ConfigProblem(file, line, object, attribute, message));
    }
}
