package io.quiver.config.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One change of an apply, with what undoes it: created objects are deleted again, a set attribute gets its
 * previous value back, a deleted object is created again with its non-default attributes. Secrets cannot be
 * read, so undoing a secret's change or a deletion loses the secret (the report says so). Immutable.
 */
sealed interface Step {

    /** The management tree path the step changes. */
    String path();

    /** The attribute the step changes, or null for a whole object. */
    default String attribute() {
        return null;
    }

    /** The file's line the step comes from, or 0 (deletions). */
    int line();

    void apply(ManagementTree tree);

    void undo(ManagementTree tree);

    /** Whether undoing loses a secret the tree cannot give back. */
    default boolean undoLosesSecret() {
        return false;
    }

    record Create(String parent, String name, Map<String, String> attributes, Set<String> secrets, int line) implements Step {
        @Override
        public String path() {
            return parent + "/" + name;
        }

        @Override
        public void apply(ManagementTree tree) {
            tree.create(parent, name, attributes);
        }

        @Override
        public void undo(ManagementTree tree) {
            tree.delete(path());
        }

        @Override
        public String toString() {
            Map<String, String> shown = new TreeMap<>(attributes);
            secrets.forEach(s -> shown.computeIfPresent(s, (k, v) -> "***"));
            return "create " + path() + (shown.isEmpty() ? "" : " " + shown);
        }
    }

    /**
     * Creates a LUN or group of a target the same apply creates: its attributes are checked against the
     * collection's {@code create} description once the target exists. LUNs and groups have no secrets.
     */
    record CreateDeferred(DesiredObject desired) implements Step {
        @Override
        public String path() {
            return desired.path();
        }

        @Override
        public int line() {
            return desired.line;
        }

        @Override
        public void apply(ManagementTree tree) {
            NodeDTO parent = tree.node(desired.parent).orElseThrow(() -> new ManagementException("no such collection: " + desired.parent));
            Map<String, AttributeDTO> schema = ConfigCheck.createParameters(parent);
            Map<String, String> values = new LinkedHashMap<>();
            for (DesiredObject.Attribute a : desired.attributes.values()) {
                AttributeDTO s = schema.get(a.name());
                if (s == null && ScstAttributes.table().attribute(desired.kind, a.name()).isPresent()) {
                    continue; // SCST documents it, the tree lacks it: the check noted it has no effect
                }
                if (s == null) {
                    throw new ManagementException("unknown attribute " + a.name() + " (line " + a.line() + ")");
                }
                try {
                    values.put(s.name, AttributeValues.fromFile(s, a.values()));
                } catch (IllegalArgumentException e) {
                    throw new ManagementException(a.name() + " (line " + a.line() + "): " + e.getMessage(), e);
                }
            }
            tree.create(desired.parent, desired.name, values);
        }

        @Override
        public void undo(ManagementTree tree) {
            tree.delete(path());
        }

        @Override
        public String toString() {
            Map<String, String> shown = new TreeMap<>();
            desired.attributes.values().forEach(a -> shown.put(a.name(), String.join(",", a.values())));
            return "create " + path() + (shown.isEmpty() ? "" : " " + shown);
        }
    }

    /** Sets an attribute; a null value resets it to its default. {@code previous} is null when it was the default. */
    record SetAttribute(String path, String attribute, String value, String previous, boolean secret, int line) implements Step {
        @Override
        public void apply(ManagementTree tree) {
            tree.setAttribute(path, attribute, value);
        }

        @Override
        public void undo(ManagementTree tree) {
            if (!secret) {
                tree.setAttribute(path, attribute, previous);
            }
        }

        @Override
        public boolean undoLosesSecret() {
            return secret;
        }

        @Override
        public String toString() {
            if (secret) {
                return "set " + path + " " + attribute + " *** (secrets are write-only: always applied)";
            }
            return (value == null ? "reset " + path + " " + attribute + " to its default" : "set " + path + " " + attribute + " " + value)
                    + " (was " + (previous == null ? "default" : previous) + ")";
        }
    }

    /** Deletes an object; {@code attributes} (its non-default, non-secret ones) recreate it on undo. */
    record Delete(String parent, String name, Map<String, String> attributes, boolean hadSecret, int line) implements Step {
        @Override
        public String path() {
            return parent + "/" + name;
        }

        @Override
        public void apply(ManagementTree tree) {
            tree.delete(path());
        }

        @Override
        public void undo(ManagementTree tree) {
            tree.create(parent, name, attributes);
        }

        @Override
        public boolean undoLosesSecret() {
            return hadSecret;
        }

        @Override
        public String toString() {
            return "delete " + path();
        }
    }
}
