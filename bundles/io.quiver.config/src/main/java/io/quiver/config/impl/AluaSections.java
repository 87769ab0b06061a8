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
                mapping.named(s).ifPresent(n -> dg.add("target_groups", targetGroup(s, n, s.hasBlock(), name), s.line()));
            } else {
                mapping.attribute(dg, s);
            }
        }
    }

    /**
     * A target group may appear in several device groups; occurrences that agree are one group. SCST scopes
     * a target group by its device group, Quiver's are one namespace: a later definition that differs is the
     * device group's own, named {@code <device group>.<target group>} (the writer nests it back under its
     * short name, so a written file reads the same).
     *
     * @param deviceGroup the enclosing device group, or null at the top level
     * @return the group's name in the tree
     */
    String targetGroup(ConfigBlock b, String name, boolean definition, String deviceGroup) {
        DesiredObject fresh = group(b, name);
        DesiredObject earlier = objects.get(fresh.path());
        if (deviceGroup != null && differs(earlier, fresh, b)) {
            String scoped = deviceGroup + "." + name;
            mapping.note(b.line(), fresh.path(), null, "TARGET_GROUP " + name + " of DEVICE_GROUP " + deviceGroup + " differs from "
                    + "the one on line " + earlier.line + ": SCST scopes target groups by device group, Quiver's share one "
                    + "namespace, so this one is " + scoped);
            DesiredObject renamed = new DesiredObject(Kind.TARGET_GROUP, fresh.parent, scoped, b.line());
            renamed.attributes.putAll(fresh.attributes);
            fresh = renamed;
            earlier = objects.get(fresh.path());
        }
        if (earlier == null || !earlier.hasBlock) {
            // A bare "TARGET_GROUP tg" only refers to the group; a later full definition replaces it in place.
            fresh.hasBlock = definition;
            objects.put(fresh.path(), fresh);
        } else if (differs(earlier, fresh, b)) {
            mapping.problem(b.line(), fresh.path(), null, "TARGET_GROUP " + fresh.name + " differs from its definition on line " + earlier.line);
        }
        return fresh.name;
    }

    private static boolean differs(DesiredObject earlier, DesiredObject fresh, ConfigBlock b) {
        return earlier != null && earlier.hasBlock && b.hasBlock() && !sameAttributes(earlier, fresh);
    }

    private DesiredObject group(ConfigBlock b, String name) {
        DesiredObject fresh = new DesiredObject(Kind.TARGET_GROUP, "/alua/target_groups", name, b.line());
        fresh.declareList("targets");
        for (ConfigBlock s : ScstMapping.body(b)) {
            if (s.keyword().equals("TARGET")) {
                mapping.named(s).ifPresent(t -> member(fresh, s, t));
            } else {
                mapping.attribute(fresh, s);
            }
        }
        return fresh;
    }

    /**
     * A {@code TARGET} of a target group. Without attributes it names a local target ({@code targets}); with
     * {@code rel_tgt_id} it is SCST's remote target port, which SPC-4 knows by its relative target port id
     * ({@code relative_target_ports}). Other attributes SCST documents are notes; the rest are problems.
     */
    private void member(DesiredObject group, ConfigBlock s, String target) {
        ConfigBlock relTgtId = null;
        for (ConfigBlock a : ScstMapping.body(s)) {
            if (a.keyword().equals("rel_tgt_id") && !a.hasBlock() && a.values().size() == 1) {
                relTgtId = a;
            } else {
                var entry = ScstAttributes.table().attribute("tg_target", a.keyword());
                if (entry.isPresent() && !a.hasBlock()) {
                    mapping.note(a.line(), group.path(), a.keyword(), "TARGET " + target + ": no effect in Quiver: " + entry.get().reason());
                } else {
                    mapping.problem(a.line(), group.path(), a.keyword(), "unknown attribute " + a.keyword() + " of TARGET "
                            + target + " in a TARGET_GROUP (known: rel_tgt_id)");
                }
            }
        }
        if (relTgtId == null) {
            group.add("targets", target, s.line());
        } else {
            String port = relTgtId.values().get(0);
            group.add(REMOTE_PORTS, port, relTgtId.line());
            // remote_port_<id> is the name ConfigWriter gives such a port: a file Quiver wrote loses nothing.
            if (!target.equals(ConfigWriter.REMOTE_PORT_PREFIX + port)) {
                mapping.note(relTgtId.line(), group.path(), "rel_tgt_id", "TARGET " + target + " is a remote target port: "
                        + "it joins the group as relative target port " + port + " (its name is not kept)");
            }
        }
    }

    /** The target group attribute that holds remote ports by relative target port id. */
    static final String REMOTE_PORTS = "relative_target_ports";

    private static boolean sameAttributes(DesiredObject a, DesiredObject b) {
        if (!a.attributes.keySet().equals(b.attributes.keySet())) {
            return false;
        }
        return a.attributes.values().stream().allMatch(x -> x.values().equals(b.attributes.get(x.name()).values()));
    }
}
