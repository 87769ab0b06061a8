package io.quiver.core.impl.mgmt;

import java.util.List;
import java.util.Map;

/**
 * The factory configurations behind the management tree: ConfigAdmin in a framework
 * ({@link ConfigAdminStore}), a map in tests. Implementations are thread-safe and may block briefly.
 */
interface ConfigStore {

    /** One factory configuration: its PID, factory PID and properties (without framework ones). */
    record Entry(String pid, String factoryPid, Map<String, Object> properties) {

        /** The string value of a property, or "" if absent. */
        String get(String key) {
            Object v = properties.get(key);
            return v == null ? "" : String.valueOf(v);
        }
    }

    /** The properties of a singleton configuration (the core's own), empty if it has none yet. */
    Map<String, Object> properties(String pid);

    /** The configurations of a factory PID. */
    List<Entry> list(String factoryPid);

    /** Creates a factory configuration named {@code name}; returns its PID. */
    String create(String factoryPid, String name, Map<String, Object> properties);

    /** Replaces a configuration's properties (creating a singleton configuration that has none yet). */
    void update(String pid, Map<String, Object> properties);

    void delete(String pid);
}
