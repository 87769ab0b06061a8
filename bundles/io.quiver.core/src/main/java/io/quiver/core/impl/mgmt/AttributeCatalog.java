package io.quiver.core.impl.mgmt;

import java.util.List;

/**
 * Attribute descriptions per factory PID: Metatype in a framework ({@link MetaTypeCatalog}), a fixed
 * list in tests. Thread-safe.
 */
interface AttributeCatalog {

    /**
     * One attribute as Metatype describes it.
     *
     * @param type one of {@link io.quiver.api.mgmt.AttributeDTO}'s type names, or {@code Password}
     * @param defaultValue the default in string form (arrays comma-separated), or {@code null}
     */
    record Definition(String id, String name, String description, String type, boolean multiple, String defaultValue) {
    }

    /** The attributes of a PID's object class definition; empty if the PID is not described. */
    List<Definition> attributes(String factoryPid);
}
