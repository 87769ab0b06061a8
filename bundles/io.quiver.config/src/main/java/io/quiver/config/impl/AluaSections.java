package io.quiver.config.impl;

import io.quiver.config.impl.DesiredObject.Kind;
import java.util.Map;

/**
 * The ALUA sections of an {@code scst.conf} file (SPC-4 asymmetric logical unit access): a
 * {@code DEVICE_GROUP} with its {@code DEVICE} lines and nested {@code TARGET_GROUP}s, each with its
 * {@code TARGET} lines and attributes, mapped to {@code /alua/device_groups} and {@code /alua/target_groups}.
 * A target group may appear in several device groups; its occurrences merge. Part of {@link ScstMapping};
 * same thread, not thread-safe.
 */
final class AluaSections {

    private final ScstMapping mapping;
    private final Map<String, DesiredObject> objects;

    /** @param objects the mapping's objects by path, in file order, shared with it */
    AluaSections(ScstMapping mapping, Map<String, DesiredObject> objects) {
        this.mapping = mapping;
        this.objects = objects;
    }

    void deviceGroup(ConfigBlock b, String name) {
        DesiredObject dg = mapping.object(Kind.DEVICE_GROUP, "/alua/device_groups", name, b.line(), false);
        dg.declareList("devices");
        dg.declareList("target_groups");
        for (ConfigBlock s : ScstMapping.body(b)) {
            if (s.keyword().equals("DEVICE")) {
                if (s.hasBlock()) {
                    mapping.problem(s.line(), dg.path(), null, "DEVICE in a DEVICE_GROUP takes no attributes");
                }
                mapping.named(s).ifPresent(d -> dg.add("devices", d, s.line()));
            } else if (s.keyword().equals("TARGET_GROUP")) {
                mapping.named(s).ifPresent(n -> {
                    dg.add("target_groups", n, s.line());
                    targetGroup(s, n, s.hasBlock());
                });
            } else {
                mapping.attribute(dg, s);
            }
        }
    }

    /**
     * A target group may appear in several device groups (SCST nests it in each); the occurrences merge, and
     * one that contradicts an earlier one is a problem.
     */
    void targetGroup(ConfigBlock b, String name, boolean definition) {
        DesiredObject fresh = new DesiredObject(Kind.TARGET_GROUP, "/alua/target_groups", name, b.line());
        fresh.declareList("targets");
        for (ConfigBlock s : ScstMapping.body(b)) {
            if (s.keyword().equals("TARGET")) {
                mapping.named(s).ifPresent(t -> fresh.add("targets", t, s.line()));
                for (ConfigBlock a : ScstMapping.body(s)) {
                    mapping.problem(a.line(), fresh.path(), a.keyword(), "attributes of a TARGET in a TARGET_GROUP are "
                            + "not supported (Quiver names local targets; set rel_tgt_id on the target itself)");
                }
            } else {
                mapping.attribute(fresh, s);
            }
        }
        DesiredObject earlier = objects.get(fresh.path());
        if (earlier == null || !earlier.hasBlock) {
            // A bare "TARGET_GROUP tg" only refers to the group; a later full definition replaces it in place.
            fresh.hasBlock = definition;
            objects.put(fresh.path(), fresh);
        } else if (b.hasBlock() && !sameAttributes(earlier, fresh)) {
            mapping.problem(b.line(), fresh.path(), null,
                    "TARGET_GROUP " + name + " differs from its definition on line " + earlier.line);
        }
    }

    private static boolean sameAttributes(DesiredObject a, DesiredObject b) {
        if (!a.attributes.keySet().equals(b.attributes.keySet())) {
            return false;
        }
        return a.attributes.values().stream().allMatch(x -> x.values().equals(b.attributes.get(x.name()).values()));
    }
}
