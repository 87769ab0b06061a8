package io.quiver.config.impl;

import java.util.Map;
import java.util.Set;

/**
 * A {@link DesiredObject} checked against the running system's self-documentation: its attribute values in
 * the tree's string form ({@link AttributeValues}), which of them are secrets, and whether the object
 * exists already; or, {@link #deferred deferred}, the file's values of an object whose collection does not
 * exist yet. Immutable.
 */
record ResolvedObject(DesiredObject desired, Map<String, String> values, Set<String> secrets, boolean exists) {

    /** An object below one the same apply creates first: its attributes are checked when it is created. */
    static ResolvedObject deferred(DesiredObject desired) {
        return new ResolvedObject(desired, null, Set.of(), false);
    }

    boolean isDeferred() {
        return values == null;
    }

    String path() {
        return desired.path();
    }

    int line(String attribute) {
        DesiredObject.Attribute a = desired.attributes.getOrDefault(attribute, desired.attributes.get(AttributeValues.scstName(attribute)));
        return a == null ? desired.line : a.line();
    }
}
