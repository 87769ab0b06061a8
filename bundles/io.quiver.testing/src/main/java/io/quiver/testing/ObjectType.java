package io.quiver.testing;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.CommandDTO;
import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.NodeDTO;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link InMemoryManagementTree#create} makes below a creatable collection, as the core's Metatype
 * describes a factory PID: the object's kind, its factory PID, its configured attributes (with types and
 * defaults; a non-writable one can only be given at creation, like the core's {@code dev_type}), the
 * runtime values every such object shows, and the collections it holds (a target's {@code luns}, its
 * {@code ini_groups}).
 *
 * <p>Values are parsed as strictly as the core parses them: {@code true}/{@code false} only, whole
 * numbers, multi-valued attributes split at commas.
 *
 * <p>Describe a type completely before handing it to a tree; afterwards it is only read, from any thread.
 */
public final class ObjectType {

    final String kind;
    final String factoryPid;
    final List<AttributeDTO> attributes;
    final List<AttributeDTO> runtime = new ArrayList<>();
    /** Collection name to the type of its objects; {@code null} for a collection nothing can be created in. */
    final Map<String, ObjectType> collections = new LinkedHashMap<>();

    /** @param attributes the configured attributes, in Metatype order (see {@link TreeDtos#withDefault}) */
    public ObjectType(String kind, String factoryPid, AttributeDTO... attributes) {
        this.kind = kind;
        this.factoryPid = factoryPid;
        this.attributes = List.of(attributes);
    }

    /** Adds runtime (read-only) values every object of this type shows after its configured attributes. */
    public ObjectType runtime(AttributeDTO... values) {
        runtime.addAll(Arrays.asList(values));
        return this;
    }

    /**
     * Adds a collection every object of this type holds.
     *
     * @param childType what can be created in it, or {@code null} if nothing can (a target's sessions)
     */
    public ObjectType collection(String name, ObjectType childType) {
        collections.put(name, childType);
        return this;
    }

    /** The names of the configured attributes, in order. */
    public List<String> attributeNames() {
        return Collections.unmodifiableList(attributes.stream().map(a -> a.name).toList());
    }

    /** The core's {@code create} command of a collection of such objects: the name, then the attributes. */
    CommandDTO createCommand() {
        CommandDTO create = CommandDTO.of("create", "Create a " + kind + ".");
        create.parameters.add(TreeDtos.configured("name", AttributeDTO.STRING, null));
        attributes.forEach(a -> create.parameters.add(TreeDtos.copy(a)));
        return create;
    }

    /** A new object at {@code path} with the given (parsed) configuration; defaults for the rest. */
    NodeDTO newObject(String path, Map<String, String> configuration) {
        NodeDTO n = TreeDtos.node(path, kind);
        n.pid = factoryPid + "~" + n.name;
        n.deletable = true;
        for (AttributeDTO definition : attributes) {
            AttributeDTO a = TreeDtos.copy(definition);
            TreeDtos.assign(a, configuration.getOrDefault(a.name, a.defaultValue));
            n.attributes.add(a);
        }
        runtime.forEach(r -> n.attributes.add(TreeDtos.copy(r)));
        return n;
    }

    AttributeDTO definition(String attribute) {
        return attributes.stream().filter(a -> a.name.equals(attribute)).findFirst()
                .orElseThrow(() -> new ManagementException("no attribute " + attribute + " in " + factoryPid));
    }

    /** Parses {@code text} as the core does, returning the canonical string form. */
    static String parse(AttributeDTO definition, String text) {
        if (!definition.type.endsWith("[]")) {
            return parseOne(definition, definition.type, text.trim());
        }
        String base = definition.type.substring(0, definition.type.length() - 2);
        List<String> values = new ArrayList<>();
        for (String v : text.isBlank() ? new String[0] : text.trim().split("\\s*,\\s*")) {
            values.add(parseOne(definition, base, v));
        }
        return String.join(",", values);
    }

    private static String parseOne(AttributeDTO definition, String type, String text) {
        switch (type) {
            case AttributeDTO.BOOLEAN:
                if (!text.equals("true") && !text.equals("false")) {
                    throw new ManagementException(definition.name + ": not a boolean: " + text);
                }
                return text;
            case AttributeDTO.INTEGER:
            case AttributeDTO.LONG:
                try {
                    return type.equals(AttributeDTO.INTEGER) ? Integer.toString(Integer.parseInt(text)) : Long.toString(Long.parseLong(text));
                } catch (NumberFormatException e) {
                    throw new ManagementException(definition.name + ": not a " + type + ": " + text, e);
                }
            default:
                return text;
        }
    }
}
