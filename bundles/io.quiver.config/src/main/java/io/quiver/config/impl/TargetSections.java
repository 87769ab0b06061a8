package io.quiver.config.impl;

import io.quiver.api.mgmt.ObjectNames;
import io.quiver.config.impl.DesiredObject.Kind;

/**
 * A {@code TARGET} section of an {@code scst.conf} file: its attributes, its {@code LUN n device} lines and its
 * initiator {@code GROUP}s (each with LUNs and {@code INITIATOR} lines), mapped to {@code /targets/drv/t},
 * {@code .../luns/n} and {@code .../ini_groups/g}. Part of {@link ScstMapping}; same thread, not thread-safe.
 */
final class TargetSections {

    private final ScstMapping mapping;

    TargetSections(ScstMapping mapping) {
        this.mapping = mapping;
    }

    void target(String parent, ConfigBlock b, String name) {
        DesiredObject t = mapping.object(Kind.TARGET, parent, name, b.line(), false);
        for (ConfigBlock s : ScstMapping.body(b)) {
            if (s.keyword().equals("LUN")) {
                lun(t.path(), s);
            } else if (s.keyword().equals("GROUP")) {
                mapping.named(s).ifPresent(n -> group(t.path(), s, n));
            } else {
                mapping.attribute(t, s);
            }
        }
    }

    private void group(String target, ConfigBlock b, String name) {
        DesiredObject g = mapping.object(Kind.GROUP, target + "/ini_groups", name, b.line(), false);
        g.declareList("initiators");
        for (ConfigBlock s : ScstMapping.body(b)) {
            if (s.keyword().equals("LUN")) {
                lun(g.path(), s);
            } else if (s.keyword().equals("INITIATOR")) {
                mapping.named(s).ifPresent(i -> g.add("initiators", i, s.line()));
            } else {
                mapping.attribute(g, s);
            }
        }
    }

    /** {@code LUN n device [{ attrs }]}: the device is the LUN's {@code device} attribute. */
    private void lun(String owner, ConfigBlock b) {
        if (b.values().size() != 2) {
            mapping.problem(b.line(), owner + "/luns", null, "LUN needs a number and a device name: LUN <n> <device>");
            return;
        }
        String n = b.values().get(0);
        // Leading zeros are the file's business; the tree's rule applies to the number they spell.
        String refusal = n.matches("\\d{1,9}") ? ObjectNames.lunRefusal(Integer.toString(Integer.parseInt(n)))
                : ObjectNames.lunRefusal(n);
        if (refusal != null) {
            mapping.problem(b.line(), owner + "/luns", null, refusal);
            return;
        }
        DesiredObject l = mapping.object(Kind.LUN, owner + "/luns", Integer.toString(Integer.parseInt(n)), b.line(), false);
        l.add("device", b.values().get(1), b.line());
        ScstMapping.body(b).forEach(s -> mapping.attribute(l, s));
    }
}
