package io.quiver.config.impl;

import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.config.ConfigProblem;
import io.quiver.config.impl.DesiredObject.Kind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the references between objects of a file: a LUN's device, a device group's target groups (and a
 * bare {@code TARGET_GROUP tg} inside a device group) must name an object of the file or of the running
 * system. A device group's devices and a target group's targets are matched by name when they appear, so a
 * name that is not there yet (an ALUA-only file written for a system whose devices are configured apart, a
 * target that code registers, such as scst_local's) is a note, not a problem. The names the file may use
 * are collected once, from the file and from the tree. Reads the tree only. Not thread-safe; one instance
 * per check.
 */
final class ReferenceCheck {

    private final ManagementTree tree;
    private final String file;
    private final List<ConfigProblem> problems;
    private final List<ConfigProblem> notes;
    private final Set<String> devices = new HashSet<>();
    private final Set<String> targets = new HashSet<>();
    private final Set<String> targetGroups = new HashSet<>();
    /** Devices the file adds, which may make devices of their own (a vchanger library makes NAME_driveN). */
    private final Set<String> newDevices = new HashSet<>();

    ReferenceCheck(ManagementTree tree, String file, List<ConfigProblem> problems, List<ConfigProblem> notes,
            List<DesiredObject> objects) {
        this.tree = tree;
        this.file = file;
        this.problems = problems;
        this.notes = notes;
        targetGroups.addAll(children("/alua/target_groups"));
        for (String h : children("/handlers")) {
            devices.addAll(children("/handlers/" + h));
        }
        for (String d : children("/targets")) {
            targets.addAll(children("/targets/" + d));
        }
        for (DesiredObject o : objects) {
            switch (o.kind) {
                case DEVICE -> {
                    if (!devices.contains(o.name)) {
                        newDevices.add(o.name);
                    }
                    devices.add(o.name);
                }
                case TARGET -> targets.add(o.name);
                case TARGET_GROUP -> targetGroups.add(o.hasBlock ? o.name : "");
                default -> {
                }
            }
        }
    }

    /** The references an object makes through its attributes. */
    void references(DesiredObject o) {
        switch (o.kind) {
            case LUN -> reference(o, "device", devices, problems);
            case DEVICE_GROUP -> {
                reference(o, "devices", devices, notes);
                reference(o, "target_groups", targetGroups, problems);
            }
            case TARGET_GROUP -> reference(o, "targets", targets, notes);
            default -> {
            }
        }
    }

    /** A bare {@code TARGET_GROUP tg}: the object itself is a reference to a defined target group. */
    void targetGroupReference(DesiredObject o) {
        reference(o, "target group", targetGroups, problems);
    }

    private void reference(DesiredObject o, String attribute, Set<String> known, List<ConfigProblem> out) {
        DesiredObject.Attribute a = o.attributes.get(attribute);
        List<String> refs = a == null ? List.of(o.name) : a.values();
        for (String r : refs) {
            String maker = "device".equals(attribute) ? madeBy(r) : null;
            if (!known.contains(r) && maker != null) {
                notes.add(new ConfigProblem(file, a == null ? o.line : a.line(), o.path(), attribute, "no such device yet: "
                        + r + " (the file's new device " + maker + " may make it, as a tape library makes its drives)"));
            } else if (!known.contains(r)) {
                String what = a == null ? attribute : attribute.replaceAll("s$", "");
                out.add(new ConfigProblem(file, a == null ? o.line : a.line(), o.path(), a == null ? null : attribute,
                        "no such " + what + ": " + r + (out == notes ? " (yet: the group takes it by name when it appears)" : "")));
            }
        }
    }

    /**
     * The new device of the file whose name and an underscore begin {@code device}: a device that makes
     * devices named after itself when it starts (vchanger's NAME_driveN), which the file cannot list
     * because they do not exist before it is applied; {@code null} if there is none.
     */
    private String madeBy(String device) {
        return newDevices.stream().filter(d -> device.startsWith(d + "_")).findFirst().orElse(null);
    }

    private List<String> children(String path) {
        return tree.node(path).map(n -> n.children).orElse(List.<String>of());
    }
}
