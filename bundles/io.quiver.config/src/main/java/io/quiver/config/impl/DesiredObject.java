package io.quiver.config.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object an {@code scst.conf} file asks for, placed in the management tree: a device, target, LUN,
 * initiator group or ALUA group with the attributes the file gives it, or a handler or driver (a
 * {@link Kind#container container} that must exist and is never created). Not thread-safe; built by
 * {@link ScstMapping}, then read.
 */
public final class DesiredObject {

    /** What the object is, in the order objects are created (deleted in the reverse order). */
    public enum Kind {
        CORE, HANDLER, DRIVER, DEVICE, TARGET, GROUP, LUN, TARGET_GROUP, DEVICE_GROUP;

        /** The core (the file's top-level attributes), handlers and drivers exist; they are never created. */
        public boolean container() {
            return this == CORE || this == HANDLER || this == DRIVER;
        }
    }

    /** One attribute: all its lines' values (more than one for a multi-valued attribute) and its first line. */
    public record Attribute(String name, List<String> values, int line) {
    }

    public final Kind kind;
    public final String parent;
    public final String name;
    public final int line;
    /** The attributes by name, in file order. */
    public final Map<String, Attribute> attributes = new LinkedHashMap<>();
    /** False for a mere reference ({@code TARGET_GROUP tg} without braces inside a DEVICE_GROUP). */
    boolean hasBlock = true;

    DesiredObject(Kind kind, String parent, String name, int line) {
        this.kind = kind;
        this.parent = parent;
        this.name = name;
        this.line = line;
    }

    /** The object's management tree path. */
    public String path() {
        return kind == Kind.CORE ? "/" : parent + "/" + name;
    }

    /**
     * Adds one value of an attribute: a repeated line adds another value, the same line twice is one value
     * (scstadmin keeps a line's values as hash keys).
     */
    void add(String attribute, String value, int atLine) {
        List<String> values = attributes.computeIfAbsent(attribute, a -> new Attribute(a, new ArrayList<>(), atLine)).values();
        if (!values.contains(value)) {
            values.add(value);
        }
    }

    /** Declares a list attribute the file's structure fills (INITIATOR, DEVICE, TARGET lines), maybe empty. */
    void declareList(String attribute) {
        attributes.computeIfAbsent(attribute, a -> new Attribute(a, new ArrayList<>(), line));
    }

    @Override
    public String toString() {
        return kind + " " + path() + " " + attributes.values();
    }
}
