package io.quiver.testing;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.api.mgmt.ObjectNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An in-memory {@link ManagementTree} that keeps the core's contract, for the tests of the views (REST,
 * console, config tool, shell): nodes by path with computed, sorted children; snapshots that hide secret
 * values; strict attribute parsing, defaults and the {@code [key]} mark; refusals with the core's messages
 * (unknown node or attribute, read-only attribute, bad value, existing name, not creatable, not deletable,
 * unknown command) and its name rules ({@link ObjectNames}: a path segment, an object's name, a LUN number
 * in a {@code luns} collection); and a {@linkplain #log() log} of every change it made.
 *
 * <p>A test builds the tree with {@link #add} (fixed nodes, such as sessions or a handler) and
 * {@link #creatable} (collections whose objects {@link #create} makes from an {@link ObjectType}), and can
 * make chosen changes fail with {@link #refuseWhen}. Log lines: {@code set <path> <attribute>=<value>},
 * {@code create <path> {<given attributes, sorted>}}, {@code delete <path>},
 * {@code run <path> <command> {<parameters, sorted>}}.
 *
 * <p>Thread-safe: every method is synchronized.
 */
public final class InMemoryManagementTree implements ManagementTree {

    /** Numbers (LUNs, session ids) in numeric order, then names in natural order. */
    private static final Comparator<String> BY_NAME = Comparator.<String, Boolean>comparing(s -> !s.matches("\\d{1,18}"))
            .thenComparing(s -> s.matches("\\d{1,18}") ? Long.parseLong(s) : 0L).thenComparing(Comparator.naturalOrder());

    private final Map<String, NodeDTO> nodes = new HashMap<>();
    private final Map<String, ObjectType> childTypes = new HashMap<>();
    private final Map<String, Map<String, String>> configurations = new TreeMap<>();
    private final Map<String, String> answers = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private Predicate<String> refused = op -> false;
    private boolean leakSecrets;

    /** A tree with just its root collection. */
    public InMemoryManagementTree() {
        add(TreeDtos.node("/", "collection"));
    }

    /** Adds (or replaces) a fixed node, creating missing ancestors as plain collections; returns the stored node. */
    public synchronized NodeDTO add(String path, String kind, AttributeDTO... attributes) {
        return add(TreeDtos.node(path, kind, attributes));
    }

    /** Adds (or replaces) {@code node}, which the tree keeps and shows (copied) in every later snapshot. */
    public synchronized NodeDTO add(NodeDTO node) {
        if (!node.path.equals("/")) {
            String parent = parentOf(node.path);
            if (!nodes.containsKey(parent)) {
                add(TreeDtos.node(parent, "collection"));
            }
        }
        nodes.put(node.path, node);
        return node;
    }

    /**
     * Adds a collection in which {@link #create} makes objects of {@code type}, with the core's
     * {@code factory_pid} value and {@code create} command (whose parameters describe the attributes).
     */
    public synchronized NodeDTO creatable(String path, String kind, ObjectType type) {
        NodeDTO n = add(path, kind, TreeDtos.runtime("factory_pid", AttributeDTO.STRING, type.factoryPid));
        n.creatable = true;
        n.commands.add(type.createCommand());
        childTypes.put(path, type);
        return n;
    }

    /** The stored node itself (not a snapshot): what a test changes here, later snapshots show. */
    public synchronized NodeDTO stored(String path) {
        return existing(path);
    }

    /** The value of an attribute as stored, secrets included; {@code null} if unset without default. */
    public synchronized String value(String path, String attribute) {
        AttributeDTO a = existing(path).attribute(attribute);
        return a == null ? null : a.value;
    }

    /**
     * Every created object's configuration (the properties given at creation or set since; not defaults),
     * by path: what ConfigAdmin would hold.
     */
    public synchronized Map<String, Map<String, String>> configurations() {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        configurations.forEach((path, c) -> copy.put(path, new TreeMap<>(c)));
        return copy;
    }

    /** Makes every change whose log line matches fail with {@code refused: <line>}, changing nothing. */
    public synchronized void refuseWhen(Predicate<String> operation) {
        this.refused = operation;
    }

    /** What {@link #run} returns for {@code command} (otherwise {@code ran <command>}). */
    public synchronized void answer(String command, String result) {
        answers.put(command, result);
    }

    /** Lets snapshots carry secret values, as a broken tree would: for tests that views drop them themselves. */
    public synchronized void leakSecrets() {
        leakSecrets = true;
    }

    /** The changes made so far, oldest first. */
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    public synchronized void clearLog() {
        log.clear();
    }

    @Override
    public synchronized Optional<NodeDTO> node(String path) {
        NodeDTO n = nodes.get(normalise(path));
        return n == null ? Optional.empty() : Optional.of(snapshot(n));
    }

    @Override
    public synchronized List<NodeDTO> children(String path) {
        String p = normalise(path);
        return nodes.containsKey(p) ? childNames(p).stream().map(c -> snapshot(nodes.get(child(p, c)))).toList() : List.of();
    }

    @Override
    public synchronized void setAttribute(String path, String attribute, String value) {
        change("set " + path + " " + attribute + "=" + value);
        NodeDTO n = existing(path);
        AttributeDTO a = n.attribute(attribute);
        if (a == null || !a.writable) {
            throw new ManagementException("no writable attribute " + attribute + " in " + (n.pid == null ? n.path : n.pid));
        }
        String parsed = value == null ? null : ObjectType.parse(a, value);
        Map<String, String> configuration = configurations.get(n.path);
        if (configuration != null && parsed == null) {
            configuration.remove(attribute);
        } else if (configuration != null) {
            configuration.put(attribute, parsed);
        }
        TreeDtos.assign(a, parsed == null ? a.defaultValue : parsed);
        done("set " + path + " " + attribute + "=" + value);
    }

    @Override
    public synchronized String create(String parentPath, String name, Map<String, String> attributes) {
        String op = "create " + child(normalise(parentPath), name) + " " + new TreeMap<>(attributes);
        change(op);
        String parent = existing(parentPath).path;
        ObjectType type = childTypes.get(parent);
        if (type == null) {
            throw new ManagementException("cannot create objects below " + parent);
        }
        String refusal = ObjectNames.refusal(name);
        if (refusal != null) {
            throw new ManagementException(parent + ": not a valid name: " + refusal);
        }
        String lunRefusal = parent.endsWith("/luns") ? ObjectNames.lunRefusal(name) : null;
        if (lunRefusal != null) {
            throw new ManagementException(lunRefusal);
        }
        String path = child(parent, name);
        if (nodes.containsKey(path)) {
            throw new ManagementException(path + " exists");
        }
        Map<String, String> configuration = new LinkedHashMap<>();
        attributes.forEach((k, v) -> configuration.put(k, ObjectType.parse(type.definition(k), v)));
        add(type.newObject(path, configuration));
        configurations.put(path, configuration);
        type.collections.forEach((c, childType) -> {
            if (childType == null) {
                add(child(path, c), "collection");
            } else {
                creatable(child(path, c), "collection", childType);
            }
        });
        done(op);
        return path;
    }

    @Override
    public synchronized void delete(String path) {
        change("delete " + path);
        NodeDTO n = existing(path);
        if (!n.deletable) {
            throw new ManagementException(n.path + " is not a configured object");
        }
        nodes.keySet().removeIf(p -> p.equals(n.path) || p.startsWith(n.path + "/"));
        childTypes.keySet().removeIf(p -> p.startsWith(n.path + "/"));
        configurations.keySet().removeIf(p -> p.equals(n.path) || p.startsWith(n.path + "/"));
        done("delete " + path);
    }

    @Override
    public synchronized String run(String path, String command, Map<String, String> parameters) {
        String op = "run " + path + " " + command + " " + new TreeMap<>(parameters);
        change(op);
        NodeDTO n = existing(path);
        if (n.commands.stream().noneMatch(c -> c.name.equals(command))) {
            throw new ManagementException(n.path + " has no command " + command);
        }
        done(op);
        return answers.getOrDefault(command, "ran " + command);
    }

    private void change(String op) {
        if (refused.test(op)) {
            throw new ManagementException("refused: " + op);
        }
    }

    private void done(String op) {
        log.add(op);
    }

    private NodeDTO existing(String path) {
        NodeDTO n = nodes.get(normalise(path));
        if (n == null) {
            throw new ManagementException("no such node: " + path);
        }
        return n;
    }

    private NodeDTO snapshot(NodeDTO stored) {
        return TreeDtos.snapshot(stored, childNames(stored.path), leakSecrets);
    }

    private List<String> childNames(String path) {
        List<String> out = new ArrayList<>();
        for (String p : nodes.keySet()) {
            if (!p.equals("/") && parentOf(p).equals(path)) {
                out.add(p.substring(p.lastIndexOf('/') + 1));
            }
        }
        out.sort(BY_NAME);
        return out;
    }

    private static String normalise(String path) {
        Objects.requireNonNull(path, "path");
        for (String segment : path.split("/")) {
            String refusal = segment.isEmpty() ? null : ObjectNames.segmentRefusal(segment);
            if (refusal != null) {
                throw new ManagementException(path + ": " + refusal);
            }
        }
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String parentOf(String path) {
        return path.substring(0, Math.max(1, path.lastIndexOf('/')));
    }

    private static String child(String parent, String name) {
        return (parent.equals("/") ? "" : parent) + "/" + name;
    }
}
