package io.quiver.handler.tape.impl;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Whether a configuration change touches more than the attributes a component applies live (a drive's
 * {@code filename}, a library's {@code cartridges}). Framework properties (pids, component ids,
 * Web Console hints) never count. Stateless.
 */
final class ConfigDiff {

    private ConfigDiff() {
    }

    /** Whether {@code before} and {@code after} differ in anything but {@code live}. */
    static boolean needsRebuild(Map<String, Object> before, Map<String, Object> after, String live) {
        return !Objects.equals(significant(before, live), significant(after, live));
    }

    private static Map<String, String> significant(Map<String, Object> props, String live) {
        Map<String, String> out = new TreeMap<>();
        props.forEach((k, v) -> {
            boolean framework = k.startsWith("service.") || k.startsWith("component.") || k.startsWith("felix.")
                    || k.startsWith("webconsole.") || k.startsWith(":");
            if (!framework && !k.equals(live)) {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }
}
