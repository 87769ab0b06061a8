package io.quiver.config.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.config.ConfigProblem;
import io.quiver.config.impl.DesiredObject.Attribute;
import io.quiver.config.impl.ScstAttributes.Effect;
import io.quiver.config.impl.ScstAttributes.Entry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of {@link ConfigCheck} that handles what SCST documents but the running tree lacks, by
 * {@link ScstAttributes}' table: such an attribute is a note saying why it has no effect (or a problem when
 * its value cannot hold here, {@code suspend 1}); an alias is applied as its target ({@code size_mb} as
 * {@code size}); a read-only attribute of the tree is a note when the file's value is the running one and a
 * problem when it is not; a section of a driver or handler the tree lacks is a note ({@code copy_manager}, an
 * empty section) or one problem line naming the hardware it needs ({@code qla2x00t}). Not thread-safe; one
 * instance per check.
 */
final class ScstAttributesCheck {

    private final String file;
    private final List<ConfigProblem> problems;
    private final List<ConfigProblem> notes;
    private final ScstAttributes table = ScstAttributes.table();

    ScstAttributesCheck(String file, List<ConfigProblem> problems, List<ConfigProblem> notes) {
        this.file = file;
        this.problems = problems;
        this.notes = notes;
    }

    /**
     * A HANDLER or TARGET_DRIVER section whose handler or driver the tree lacks.
     *
     * @return false when the table does not know it (the caller reports an unknown handler or driver)
     */
    boolean section(DesiredObject o, List<DesiredObject> all, List<String> installed) {
        boolean empty = o.attributes.isEmpty() && all.stream().noneMatch(x -> x.path().startsWith(o.path() + "/"));
        String keyword = o.kind == DesiredObject.Kind.HANDLER ? "HANDLER " : "TARGET_DRIVER ";
        Optional<Entry> e = table.section(o.name);
        if (empty) {
            note(o.line, o.path(), null, keyword + o.name + " is empty: nothing to configure"
                    + e.map(x -> " (" + x.reason() + ")").orElse(""));
            return true;
        }
        if (e.isEmpty()) {
            return false;
        }
        if (e.get().effect() == Effect.HARDWARE) {
            problems.add(new ConfigProblem(file, o.line, o.path(), null, keyword + o.name + " cannot be applied: "
                    + e.get().reason() + " (installed: " + String.join(", ", installed) + ")"));
        } else {
            note(o.line, o.path(), null, keyword + o.name + " has no effect in Quiver: " + e.get().reason());
        }
        return true;
    }

    /** A target the file names under a driver that cannot create targets: a note when the table knows why. */
    boolean uncreatableTarget(DesiredObject target) {
        String driver = target.parent.substring(target.parent.lastIndexOf('/') + 1);
        Optional<Entry> e = table.section(driver).filter(x -> x.effect() == Effect.SECTION);
        e.ifPresent(x -> note(target.line, target.path(), null, "TARGET " + target.name + " has no effect in Quiver: " + x.reason()));
        return e.isPresent();
    }

    /**
     * The object's attributes with aliases resolved: {@code size_mb} becomes {@code size} in bytes where the
     * tree has {@code size} and not {@code size_mb}; when the file gives both, they must agree.
     */
    Map<String, Attribute> aliases(DesiredObject o, Map<String, AttributeDTO> schema) {
        Map<String, Attribute> out = new LinkedHashMap<>(o.attributes);
        for (Attribute a : o.attributes.values()) {
            Optional<Entry> e = table.attribute(o.kind, a.name()).filter(x -> x.effect() == Effect.ALIAS);
            if (e.isEmpty() || schema.containsKey(a.name()) || !schema.containsKey(e.get().value()) || a.values().size() != 1) {
                continue;
            }
            String target = e.get().value();
            long factor = e.get().factor();
            long value;
            try {
                value = AttributeValues.number(a.values().get(0));
            } catch (NumberFormatException ex) {
                problem(a.line(), o.path(), a.name(), "not a number: " + a.values().get(0));
                out.remove(a.name());
                continue;
            }
            out.remove(a.name());
            Attribute given = o.attributes.get(target);
            if (given == null) {
                out.put(target, new Attribute(target, List.of(Long.toString(Math.multiplyExact(value, factor))), a.line()));
            } else if (!agrees(given, value, factor)) {
                problem(a.line(), o.path(), a.name(), a.name() + " " + value + " contradicts " + target + " "
                        + String.join(",", given.values()) + " (line " + given.line() + ")");
            } else {
                note(a.line(), o.path(), a.name(), a.name() + " agrees with " + target + ", which is applied");
            }
        }
        return out;
    }

    private static boolean agrees(Attribute given, long value, long factor) {
        try {
            return given.values().size() == 1 && AttributeValues.number(given.values().get(0)) / factor == value;
        } catch (NumberFormatException e) {
            return true; // the target's own check reports its value
        }
    }

    /**
     * An attribute the tree does not have at this object.
     *
     * @return false when SCST does not document it there either (the caller reports an unknown attribute)
     */
    boolean attribute(DesiredObject o, Attribute a) {
        Optional<Entry> found = table.attribute(o.kind, a.name());
        if (found.isEmpty()) {
            return false;
        }
        Entry e = found.get();
        String value = String.join(",", a.values());
        if (e.effect() == Effect.FIXED && !sameValue(e.value(), value)) {
            problem(a.line(), o.path(), a.name(), a.name() + " " + value + " cannot be applied: " + e.reason());
        } else if (e.effect() == Effect.FIXED) {
            // The file states what is true of Quiver anyway (enabled 1, suspend 0): nothing to report, so a
            // file Quiver wrote checks with "no changes" and nothing else.
            return true;
        } else {
            note(a.line(), o.path(), a.name(), a.name() + " has no effect in Quiver: " + e.reason());
        }
        return true;
    }

    /** A read-only attribute of the tree: accepted when the file says what runs, reported when it does not. */
    void readOnly(DesiredObject o, Attribute a, AttributeDTO schema, boolean exists) {
        String file;
        try {
            file = AttributeValues.fromFile(schema, a.values());
        } catch (IllegalArgumentException e) {
            problem(a.line(), o.path(), a.name(), e.getMessage());
            return;
        }
        String running = AttributeValues.running(schema);
        if (!exists) {
            note(a.line(), o.path(), a.name(), a.name() + " is read-only: Quiver sets it when it creates the object");
        } else if (file.equals(running)) {
            note(a.line(), o.path(), a.name(), a.name() + " is read-only and equals the running value");
        } else {
            problem(a.line(), o.path(), a.name(), a.name() + " is read-only: the file says " + file
                    + ", the running value is " + running);
        }
    }

    /** Whether two spellings mean the same value: equal text, or equal numbers (1, 0x1, 01). */
    private static boolean sameValue(String a, String b) {
        if (a.equals(b.trim())) {
            return true;
        }
        try {
            return AttributeValues.number(a) == AttributeValues.number(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void note(int line, String object, String attribute, String message) {
        notes.add(new ConfigProblem(file, line, object, attribute, message));
    }

    private void problem(int line, String object, String attribute, String message) {
        problems.add(new ConfigProblem(file, line, object, attribute, message));
    }
}
