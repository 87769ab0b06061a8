package io.quiver.testing;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.NodeDTO;
import java.util.ArrayList;
import java.util.List;

/**
 * Builders for the management tree's DTOs, so that a test states an attribute or node in one line. Each
 * call returns a new, mutable DTO (public fields, like the core's): adjust a default, a description or a
 * flag on the result.
 *
 * <p>Stateless and thread-safe.
 */
public final class TreeDtos {

    private TreeDtos() {
    }

    /**
     * A configured attribute: writable, without a default; its description is {@code About <name>.} so
     * that a view test can find it.
     *
     * @param type an {@link AttributeDTO} type constant, {@code []} suffix for multi-valued
     */
    public static AttributeDTO configured(String name, String type, String value) {
        AttributeDTO a = new AttributeDTO();
        a.name = name;
        a.type = type;
        a.value = value;
        a.writable = true;
        a.description = "About " + name + ".";
        return a;
    }

    /** A configured attribute with a default: {@code value} starts as the default, {@link AttributeDTO#key} false. */
    public static AttributeDTO withDefault(String name, String type, String defaultValue) {
        AttributeDTO a = configured(name, type, defaultValue);
        a.defaultValue = defaultValue;
        return a;
    }

    /** A write-only configured attribute (a CHAP user, a password): no value is ever shown. */
    public static AttributeDTO secret(String name, String type) {
        AttributeDTO a = configured(name, type, null);
        a.secret = true;
        return a;
    }

    /** A read-only runtime value (statistics, state). */
    public static AttributeDTO runtime(String name, String type, String value) {
        AttributeDTO a = configured(name, type, value);
        a.writable = false;
        return a;
    }

    /** A node without children, commands, PID or create/delete permission. */
    public static NodeDTO node(String path, String kind, AttributeDTO... attributes) {
        NodeDTO n = new NodeDTO();
        n.path = path;
        n.name = path.equals("/") ? "" : path.substring(path.lastIndexOf('/') + 1);
        n.kind = kind;
        n.attributes = new ArrayList<>(List.of(attributes));
        return n;
    }

    /** Sets a configured attribute's value and its {@code [key]} mark (set to other than the default). */
    static void assign(AttributeDTO a, String value) {
        a.value = value;
        a.key = value != null && !value.equals(a.defaultValue);
    }

    /** What a tree hands out for {@code stored}: a copy with the given children and, unless leaked, no secret values. */
    static NodeDTO snapshot(NodeDTO stored, List<String> children, boolean leakSecrets) {
        NodeDTO s = node(stored.path, stored.kind);
        s.name = stored.name;
        s.pid = stored.pid;
        s.creatable = stored.creatable;
        s.deletable = stored.deletable;
        s.commands = new ArrayList<>(stored.commands);
        s.children = children;
        for (AttributeDTO a : stored.attributes) {
            AttributeDTO c = copy(a);
            c.value = a.secret && !leakSecrets ? null : a.value;
            s.attributes.add(c);
        }
        return s;
    }

    /** A copy of {@code a} that shares nothing mutable with it. */
    static AttributeDTO copy(AttributeDTO a) {
        AttributeDTO c = new AttributeDTO();
        c.name = a.name;
        c.value = a.value;
        c.defaultValue = a.defaultValue;
        c.type = a.type;
        c.description = a.description;
        c.writable = a.writable;
        c.key = a.key;
        c.secret = a.secret;
        return c;
    }
}
