package io.quiver.config.impl;

import io.quiver.api.mgmt.ObjectNames;
import io.quiver.config.ConfigProblem;
import io.quiver.config.impl.DesiredObject.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives {@code scst.conf} statements their meaning and places them in the management tree:
 * <pre>
 * HANDLER h { DEVICE d { attr v } }                       /handlers/h/d
 * TARGET_DRIVER drv { TARGET t { attr v                   /targets/drv/t
 *     LUN n dev { attr v }                                /targets/drv/t/luns/n        (device = dev)
 *     GROUP g { LUN n dev; INITIATOR i } } }              /targets/drv/t/ini_groups/g  (initiators = i...)
 * DEVICE_GROUP dg { DEVICE d; TARGET_GROUP tg { attr v;   /alua/device_groups/dg       (devices, target_groups)
 *     TARGET t } }                                        /alua/target_groups/tg       (targets)
 * </pre>
 * Statements at the top level without braces are the core's attributes ({@code setup_id 0x1234}), mapped to
 * {@code /}. A top-level {@code TARGET_GROUP} (a group no device group uses) is Quiver's extension. Nothing here knows
 * a particular handler or driver. Object names follow the tree's rules ({@link ObjectNames}), so a name the
 * tree would refuse is a problem of its line here. ALUA sections are {@link AluaSections}', a target's LUNs and
 * initiator groups {@link TargetSections}'. Stateless apart
 * from one mapping; not thread-safe.
 */
public final class ScstMapping {

    /** The objects of a file, in file order, what was wrong with its structure, and notes (accepted, no effect). */
    public record Result(List<DesiredObject> objects, List<ConfigProblem> problems, List<ConfigProblem> notes) {
    }

    /** The section keywords of a file's top level. */
    static final Set<String> SECTIONS = Set.of("HANDLER", "TARGET_DRIVER", "DEVICE_GROUP", "TARGET_GROUP");

    /** Attributes the tree derives from the path; a file that sets them is wrong. */
    static final Set<String> IDENTITY = Set.of("name", "target", "group", "lun");

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<ConfigProblem> notes = new ArrayList<>();
    private final Map<String, DesiredObject> objects = new LinkedHashMap<>();
    private final AluaSections alua = new AluaSections(this, objects);
    private final TargetSections targets = new TargetSections(this);

    private ScstMapping(String file) {
        this.file = file;
    }

    /** Parses and maps a file. */
    public static Result map(String file, String text) {
        ConfigParser.Result parsed = ConfigParser.parse(file, text);
        return map(file, parsed.blocks(), parsed.problems());
    }

    /** Maps statements already parsed (or converted from the obsolete format) with their syntax problems. */
    static Result map(String file, List<ConfigBlock> blocks, List<ConfigProblem> syntax) {
        ScstMapping m = new ScstMapping(file);
        m.problems.addAll(syntax);
        m.top(blocks);
        m.problems.sort(java.util.Comparator.comparingInt(p -> p.line));
        return new Result(new ArrayList<>(m.objects.values()), List.copyOf(m.problems), List.copyOf(m.notes));
    }

    private void top(List<ConfigBlock> blocks) {
        for (ConfigBlock b : blocks) {
            switch (b.keyword()) {
                case "HANDLER" -> container(b, Kind.HANDLER, "/handlers", "DEVICE", this::device);
                case "TARGET_DRIVER" -> container(b, Kind.DRIVER, "/targets", "TARGET", targets::target);
                case "DEVICE_GROUP" -> named(b).ifPresent(n -> alua.deviceGroup(b, n));
                case "TARGET_GROUP" -> named(b).ifPresent(n -> alua.targetGroup(b, n, true, null));
                default -> {
                    if (b.hasBlock()) {
                        problem(b.line(), b.keyword(), null, "unknown section " + b.keyword()
                                + " (expected HANDLER, TARGET_DRIVER, DEVICE_GROUP or a top-level attribute)");
                    } else {
                        // SCST's core attributes (setup_id, threads, ...) stand at the top level.
                        DesiredObject core = objects.computeIfAbsent("/", p -> new DesiredObject(Kind.CORE, "", "", b.line()));
                        attribute(core, b);
                    }
                }
            }
        }
    }

    private interface Child {
        void map(String parent, ConfigBlock b, String name);
    }

    /** HANDLER and TARGET_DRIVER: their own attributes, and one kind of child object. */
    private void container(ConfigBlock b, Kind kind, String root, String childKeyword, Child child) {
        named(b).ifPresent(name -> {
            DesiredObject c = object(kind, root, name, b.line(), true);
            for (ConfigBlock s : body(b)) {
                if (s.keyword().equals(childKeyword)) {
                    named(s).ifPresent(n -> child.map(c.path(), s, n));
                } else {
                    attribute(c, s);
                }
            }
        });
    }

    private void device(String parent, ConfigBlock b, String name) {
        DesiredObject d = object(Kind.DEVICE, parent, name, b.line(), false);
        body(b).forEach(s -> attribute(d, s));
    }

    /**
     * {@code name value}: one value of an attribute; repeated lines make a list. A bare keyword
     * ({@code HW_TARGET}) has the empty value, as scstadmin reads it; more than one value is scstadmin's
     * "invalid value" (a value with blanks must be quoted).
     */
    void attribute(DesiredObject o, ConfigBlock s) {
        if (s.hasBlock()) {
            problem(s.line(), o.path(), s.keyword(), "unknown section " + s.keyword() + " in " + o.kind
                    + (SECTIONS.contains(s.keyword()) ? " (" + s.keyword() + " belongs at the top level)" : ""));
        } else if (s.values().size() > 1) {
            problem(s.line(), o.path(), s.keyword(), "takes one value, the line has " + s.values().size()
                    + ": quote a value with blanks (" + s.keyword() + " \"" + s.joinedValue() + "\")");
        } else if (SECTIONS.contains(s.keyword()) || s.keyword().equals("TARGET") || s.keyword().equals("DEVICE")
                || s.keyword().equals("GROUP") || s.keyword().equals("LUN") || s.keyword().equals("INITIATOR")) {
            problem(s.line(), o.path(), s.keyword(), s.keyword() + " does not belong in " + o.kind);
        } else if (IDENTITY.contains(s.keyword()) || isStructural(o.kind, s.keyword())) {
            problem(s.line(), o.path(), s.keyword(), "set by the file's structure, not as an attribute");
        } else {
            o.add(s.keyword(), s.joinedValue(), s.line());
        }
    }

    /** An attribute SCST documents that has no effect here: reported, not applied. */
    void note(int line, String object, String attribute, String message) {
        notes.add(new ConfigProblem(file, line, object, attribute, message));
    }

    /** Attributes the file's structure sets (LUN's device, INITIATOR, DEVICE and TARGET lines), not attribute lines. */
    static boolean isStructural(Kind kind, String attribute) {
        return kind == Kind.LUN && attribute.equals("device") || kind == Kind.GROUP && attribute.equals("initiators")
                || kind == Kind.DEVICE_GROUP && (attribute.equals("devices") || attribute.equals("target_groups"))
                || kind == Kind.TARGET_GROUP && (attribute.equals("targets") || attribute.equals(AluaSections.REMOTE_PORTS));
    }

    DesiredObject object(Kind kind, String parent, String name, int line, boolean mayRepeat) {
        DesiredObject o = new DesiredObject(kind, parent, name, line);
        DesiredObject earlier = objects.putIfAbsent(o.path(), o);
        if (earlier == null) {
            return o;
        }
        if (!mayRepeat) {
            problem(line, o.path(), null, kind + " " + name + " is already defined on line " + earlier.line);
        }
        return earlier;
    }

    /**
     * The single name a statement like {@code DEVICE disk0} carries; a problem if it carries none or more, or
     * one the management tree refuses (the problem names it as the object).
     */
    Optional<String> named(ConfigBlock b) {
        if (b.values().size() != 1) {
            problem(b.line(), null, null, b.keyword() + " needs exactly one name");
            return Optional.empty();
        }
        String name = b.values().get(0);
        String refusal = ObjectNames.refusal(name);
        if (refusal != null) {
            problem(b.line(), name, null, b.keyword() + ": not a valid name: " + refusal);
            return Optional.empty();
        }
        return Optional.of(name);
    }

    static List<ConfigBlock> body(ConfigBlock b) {
        return b.hasBlock() ? b.children() : List.of();
    }

    void problem(int line, String object, String attribute, String message) {
        problems.add(new ConfigProblem(file, line, object, attribute, message));
    }
}
