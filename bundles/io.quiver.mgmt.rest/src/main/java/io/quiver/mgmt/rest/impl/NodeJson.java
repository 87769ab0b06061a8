package io.quiver.mgmt.rest.impl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.CommandDTO;
import io.quiver.api.mgmt.NodeDTO;
import java.util.List;

/**
 * Maps management tree nodes to their JSON form: {@code attributes} and {@code commands} as objects keyed
 * by name (so {@code .attributes.size.value} reads one), {@code children} as names, and the flags. A
 * secret attribute is listed with {@code "secret": true} but without value or default, whatever the DTO
 * holds. Stateless.
 */
final class NodeJson {

    private NodeJson() {
    }

    static ObjectNode node(NodeDTO n) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("path", n.path);
        o.put("name", n.name);
        o.put("kind", n.kind);
        o.put("pid", n.pid);
        o.put("creatable", n.creatable);
        o.put("deletable", n.deletable);
        ObjectNode attributes = o.putObject("attributes");
        for (AttributeDTO a : n.attributes) {
            attributes.set(a.name, attribute(a, true));
        }
        ArrayNode children = o.putArray("children");
        n.children.forEach(children::add);
        ObjectNode commands = o.putObject("commands");
        for (CommandDTO c : n.commands) {
            ObjectNode cmd = commands.putObject(c.name);
            cmd.put("description", c.description);
            ObjectNode parameters = cmd.putObject("parameters");
            for (AttributeDTO p : c.parameters) {
                parameters.set(p.name, attribute(p, false));
            }
        }
        return o;
    }

    /** The node with its child nodes under {@code childNodes}. */
    static ObjectNode withChildren(NodeDTO n, List<NodeDTO> childNodes) {
        ObjectNode o = node(n);
        ArrayNode nodes = o.putArray("childNodes");
        childNodes.forEach(c -> nodes.add(node(c)));
        return o;
    }

    private static ObjectNode attribute(AttributeDTO a, boolean withValue) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (withValue && !a.secret) {
            o.put("value", a.value);
        }
        if (!a.secret) {
            o.put("default", a.defaultValue);
        }
        o.put("type", a.type);
        o.put("description", a.description);
        o.put("writable", a.writable);
        o.put("key", a.key);
        o.put("secret", a.secret);
        return o;
    }
}
