package io.quiver.webconsole.impl;

import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.ManagementTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The page's state-changing operations, each one call (or, for an edit, a few calls) on the management
 * tree: {@code create}, {@code set}, {@code delete}, {@code run}. Parameters arrive as the form's fields;
 * attribute fields are named {@value #ATTRIBUTE_PREFIX}{@code <attribute>}. An empty attribute value means
 * "the default" (set: reset; create: leave out). An edit form also carries, per field, the value it was
 * rendered with ({@value #INITIAL_PREFIX}{@code <attribute>}): a set changes only the attributes whose
 * field differs from it, so saving a target leaves every attribute the user did not touch inheriting its
 * default (a driver-level negotiation key) instead of pinning the shown value. Refusals come back with the
 * field they concern.
 *
 * <p>Thread-safe: stateless over a thread-safe tree. Blocks briefly on ConfigAdmin (never called on an
 * event loop: it runs on the servlet container's request threads).
 */
final class Actions {

    static final String ATTRIBUTE_PREFIX = "attr.";
    static final String INITIAL_PREFIX = "initial.";

    /** The outcome of one operation, written back to the page as JSON. */
    record Outcome(boolean ok, String message, String field) {

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", ok);
            m.put(ok ? "message" : "error", message);
            if (field != null) {
                m.put("field", field);
            }
            return m;
        }
    }

    private final ManagementTree tree;

    Actions(ManagementTree tree) {
        this.tree = tree;
    }

    /**
     * Runs one operation.
     *
     * @param params the request's parameters (first value of each)
     */
    Outcome perform(Map<String, String> params) {
        String op = params.getOrDefault("op", "");
        Map<String, String> attributes = attributes(params);
        String name = params.get("name");
        try {
            return switch (op) {
                case "create" -> {
                    if (name == null || name.isBlank()) {
                        yield new Outcome(false, "a name is required", FieldErrors.NAME);
                    }
                    Map<String, String> given = new LinkedHashMap<>(attributes);
                    given.values().removeIf(String::isEmpty);
                    String path = tree.create(required(params, "parent"), required(params, "name"), given);
                    yield new Outcome(true, "created " + path, null);
                }
                case "set" -> {
                    String path = required(params, "path");
                    Map<String, String> changed = changed(attributes, params);
                    for (Map.Entry<String, String> a : changed.entrySet()) {
                        tree.setAttribute(path, a.getKey(), a.getValue().isEmpty() ? null : a.getValue());
                    }
                    yield new Outcome(true, changed.isEmpty() ? "nothing changed in " + path
                            : "saved " + String.join(", ", changed.keySet()) + " of " + path, null);
                }
                case "delete" -> {
                    String path = required(params, "path");
                    tree.delete(path);
                    yield new Outcome(true, "deleted " + path, null);
                }
                case "run" -> new Outcome(true,
                        tree.run(required(params, "path"), required(params, "command"), attributes), null);
                default -> new Outcome(false, "unknown operation: " + op, null);
            };
        } catch (ManagementException e) {
            List<String> fields = new ArrayList<>(attributes.keySet());
            return new Outcome(false, e.getMessage(), FieldErrors.field(e.getMessage(), fields, op.equals("create") ? name : null));
        }
    }

    private static Map<String, String> attributes(Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith(ATTRIBUTE_PREFIX)) {
                out.put(k.substring(ATTRIBUTE_PREFIX.length()), v.trim());
            }
        });
        return out;
    }

    /** The attributes whose field differs from the value the form was rendered with (all, if it says none). */
    private static Map<String, String> changed(Map<String, String> attributes, Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>(attributes);
        out.entrySet().removeIf(a -> {
            String initial = params.get(INITIAL_PREFIX + a.getKey());
            return initial != null && initial.trim().equals(a.getValue());
        });
        return out;
    }

    private static String required(Map<String, String> params, String key) {
        String v = params.get(key);
        if (v == null || v.isBlank()) {
            throw new ManagementException(key + " is required");
        }
        return v.trim();
    }
}
