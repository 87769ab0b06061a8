package io.quiver.webconsole.impl;

import static io.quiver.webconsole.impl.Html.esc;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.NodeDTO;
import java.util.List;

/**
 * HTML forms generated from the self-documenting attributes (type, default, description, writable,
 * secret): an edit form for a configured node, a create form for a creatable collection. Nothing here
 * knows a driver or handler; the page's script submits the forms as {@link Actions} operations and shows
 * a refusal next to the field it names ({@code .q-error[data-field]}).
 *
 * <p>Stateless and thread-safe.
 */
final class AttributeForms {

    private AttributeForms() {
    }

    /**
     * The edit form of a configured node: one field per writable attribute, each with the value it shows
     * as a hidden {@code initial.} field, so that {@link Actions} changes only what the user changed.
     */
    static String edit(NodeDTO node) {
        StringBuilder b = new StringBuilder();
        b.append("<form class='q-form' data-op='set' data-path=\"").append(esc(node.path)).append("\">")
                .append(hidden("op", "set")).append(hidden("path", node.path)).append("<table class='q-attrs'>");
        for (AttributeDTO a : node.attributes) {
            if (a.writable && !consoleHint(a)) {
                b.append(row(a, a.secret ? "" : a.value, true));
            }
        }
        b.append("</table><button type='submit'>Save</button> <span class='q-error' data-field=''></span></form>");
        return b.toString();
    }

    /**
     * The create form of a collection: the new object's name, then the described attributes of its
     * factory PID with their defaults (left empty: an empty field takes the default).
     */
    static String create(NodeDTO collection, String nameLabel, List<AttributeDTO> attributes) {
        StringBuilder b = new StringBuilder();
        b.append("<form class='q-form' data-op='create' data-parent=\"").append(esc(collection.path)).append("\">")
                .append(hidden("op", "create")).append(hidden("parent", collection.path)).append("<table class='q-attrs'>")
                .append("<tr><th><label>").append(esc(nameLabel)).append("</label></th><td><input name='name' required>")
                .append(error(FieldErrors.NAME)).append("</td><td class='q-help'></td></tr>");
        for (AttributeDTO a : attributes) {
            if (!consoleHint(a)) {
                b.append(row(a, "", false));
            }
        }
        b.append("</table><button type='submit'>Create</button> <span class='q-error' data-field=''></span></form>");
        return b.toString();
    }

    /** A button that runs one operation on a node (delete, or a runtime command) after confirmation. */
    static String button(String op, String path, String command, String label) {
        return "<form class='q-form q-inline' data-op='" + op + "' data-confirm=\"" + esc(label + " " + path + "?") + "\">"
                + hidden("op", op) + hidden("path", path) + (command == null ? "" : hidden("command", command))
                + "<button type='submit'>" + esc(label) + "</button><span class='q-error' data-field=''></span></form>";
    }

    /** A button that sets one attribute to a fixed value (enable or disable a target). */
    static String setButton(String path, String attribute, String value, String label) {
        return "<form class='q-form q-inline' data-op='set'>" + hidden("op", "set") + hidden("path", path)
                + hidden(Actions.ATTRIBUTE_PREFIX + attribute, value)
                + "<button type='submit'>" + esc(label) + "</button><span class='q-error' data-field=''></span></form>";
    }

    /** @param remember whether to add the hidden field with the rendered value (edit forms) */
    private static String row(AttributeDTO a, String value, boolean remember) {
        String field = Actions.ATTRIBUTE_PREFIX + a.name;
        StringBuilder b = new StringBuilder("<tr><th><label>").append(esc(a.name)).append("</label></th><td>");
        if (a.type.equals(AttributeDTO.BOOLEAN)) {
            b.append("<select name=\"").append(esc(field)).append("\" data-initial=\"").append(esc(value)).append("\">");
            for (String option : new String[] {"", "true", "false"}) {
                b.append("<option value='").append(option).append('\'').append(option.equals(value) ? " selected" : "")
                        .append('>').append(option.isEmpty() ? "(default)" : option).append("</option>");
            }
            b.append("</select>");
        } else {
            b.append("<input name=\"").append(esc(field)).append("\" type='").append(a.secret ? "password" : "text")
                    .append("' value=\"").append(esc(value)).append("\" data-initial=\"").append(esc(value)).append('"')
                    .append(a.type.startsWith(AttributeDTO.INTEGER) || a.type.startsWith(AttributeDTO.LONG) ? " inputmode='numeric'" : "")
                    .append(" placeholder=\"").append(esc(placeholder(a))).append("\">");
        }
        if (remember) {
            b.append(hidden(Actions.INITIAL_PREFIX + a.name, value));
        }
        b.append(error(a.name)).append("</td><td class='q-help'>").append(esc(a.description));
        if (a.defaultValue != null && !a.defaultValue.isEmpty()) {
            b.append(" <span class='q-default'>Default: ").append(esc(a.defaultValue)).append("</span>");
        }
        return b.append(" <span class='q-type'>").append(esc(a.type)).append("</span></td></tr>").toString();
    }

    /** Felix's {@code webconsole.*} Metatype hints (a configuration's display name) are not the object's attributes. */
    private static boolean consoleHint(AttributeDTO a) {
        return a.name.startsWith("webconsole.");
    }

    private static String placeholder(AttributeDTO a) {
        if (a.secret) {
            return "(unchanged)";
        }
        return a.type.endsWith("[]") ? "comma-separated" : a.defaultValue == null ? "" : a.defaultValue;
    }

    private static String error(String field) {
        return "<span class='q-error' data-field=\"" + esc(field) + "\"></span>";
    }

    private static String hidden(String name, String value) {
        return "<input type='hidden' name='" + esc(name) + "' value=\"" + esc(value) + "\">";
    }
}
