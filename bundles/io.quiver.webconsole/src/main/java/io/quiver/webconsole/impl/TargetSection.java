package io.quiver.webconsole.impl;

import static io.quiver.webconsole.impl.Html.esc;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.CommandDTO;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import java.util.function.Function;
import java.util.List;

/**
 * The targets part of the page: per driver, its targets with enabled state, portals, LUNs (and the device
 * each maps), initiator groups with their LUNs, and the forms to create, edit, enable, disable and delete
 * them. Walks {@code /targets} generically: a driver is whatever the tree lists there.
 *
 * <p>Stateless; one instance renders one page on one request thread.
 */
final class TargetSection {

    private final ManagementTree tree;
    private final Function<NodeDTO, String> createForm;

    /**
     * @param createForm renders the create form of a creatable collection (it needs Metatype, which the
     *        page has and this section does not)
     */
    TargetSection(ManagementTree tree, Function<NodeDTO, String> createForm) {
        this.tree = tree;
        this.createForm = createForm;
    }

    String render() {
        StringBuilder b = new StringBuilder("<h2>Targets</h2>");
        for (NodeDTO driver : tree.children("/targets")) {
            b.append("<h3>Driver ").append(esc(driver.name)).append("</h3>");
            for (NodeDTO target : tree.children(driver.path)) {
                b.append(target(target));
            }
            if (driver.creatable) {
                b.append(details("New " + driver.name + " target", createForm.apply(driver)));
            }
        }
        return b.toString();
    }

    private String target(NodeDTO t) {
        StringBuilder b = new StringBuilder("<div class='q-object q-target' id=\"").append(Html.id("t", t.path)).append("\">");
        AttributeDTO enabled = t.attribute("enabled");
        AttributeDTO registered = t.attribute("registered");
        b.append("<h4>").append(esc(t.name)).append(' ')
                .append(badge(enabled == null ? null : enabled.value.equals("true") ? "enabled" : "disabled"))
                .append(badge(registered != null && registered.value.equals("true") ? "registered" : "not registered"))
                .append("</h4><p>Portals: ").append(esc(portals(t))).append("</p>");
        if (enabled != null && enabled.writable) {
            boolean on = enabled.value.equals("true");
            b.append(AttributeForms.setButton(t.path, "enabled", Boolean.toString(!on), on ? "Disable" : "Enable"));
        }
        if (t.deletable) {
            b.append(AttributeForms.button("delete", t.path, null, "Delete"));
        }
        b.append(luns(t.path + "/luns", "LUNs"));
        for (NodeDTO g : tree.children(t.path + "/ini_groups")) {
            b.append("<div class='q-group'><h5>Initiator group ").append(esc(g.name)).append(": ")
                    .append(esc(value(g, "initiators"))).append("</h5>")
                    .append(details("Edit group " + g.name, AttributeForms.edit(g)))
                    .append(AttributeForms.button("delete", g.path, null, "Delete group"))
                    .append(luns(g.path + "/luns", "LUNs of group " + g.name)).append("</div>");
        }
        tree.node(t.path + "/ini_groups").filter(n -> n.creatable)
                .ifPresent(n -> b.append(details("New initiator group", createForm.apply(n))));
        if (t.pid != null) {
            b.append(details("Edit target", AttributeForms.edit(t)));
        }
        return b.append(commands(t)).append("</div>").toString();
    }

    private String luns(String path, String title) {
        NodeDTO collection = tree.node(path).orElse(null);
        if (collection == null) {
            return "";
        }
        StringBuilder b = new StringBuilder("<table class='q-table q-luns' data-path=\"").append(esc(path)).append("\"><caption>")
                .append(esc(title)).append("</caption><tr><th>LUN</th><th>Device</th><th>Read-only</th><th>Active</th><th></th></tr>");
        List<NodeDTO> luns = tree.children(path);
        for (NodeDTO l : luns) {
            b.append("<tr class='q-lun' data-path=\"").append(esc(l.path)).append("\"><td>").append(esc(l.name)).append("</td><td>")
                    .append(esc(value(l, "device"))).append("</td><td>").append(esc(value(l, "read_only"))).append("</td><td>")
                    .append(esc(value(l, "active"))).append("</td><td>")
                    .append(details("Edit", AttributeForms.edit(l))).append(AttributeForms.button("delete", l.path, null, "Delete"))
                    .append("</td></tr>");
        }
        b.append("</table>");
        if (collection.creatable) {
            b.append(details("New LUN in " + title, createForm.apply(collection)));
        }
        return b.toString();
    }

    /** The target's portal lists (multi-valued attributes named *portal*), or "all of the driver's". */
    private static String portals(NodeDTO t) {
        StringBuilder b = new StringBuilder();
        for (AttributeDTO a : t.attributes) {
            if (a.name.toLowerCase().contains("portal") && a.type.endsWith("[]") && a.value != null && !a.value.isEmpty()) {
                b.append(b.length() == 0 ? "" : "; ").append(a.name).append(" = ").append(a.value);
            }
        }
        return b.length() == 0 ? "all of the driver's portals" : b.toString();
    }

    static String commands(NodeDTO n) {
        StringBuilder b = new StringBuilder();
        for (CommandDTO c : n.commands) {
            b.append(AttributeForms.button("run", n.path, c.name, c.name.replace('_', ' ')));
        }
        return b.toString();
    }

    static String value(NodeDTO n, String attribute) {
        AttributeDTO a = n.attribute(attribute);
        return a == null || a.value == null ? "" : a.value;
    }

    static String badge(String text) {
        return text == null ? "" : "<span class=\"q-badge q-" + esc(text.replace(' ', '-')) + "\">" + esc(text) + "</span> ";
    }

    static String details(String summary, String body) {
        return "<details class='q-details'><summary>" + esc(summary) + "</summary>" + body + "</details>";
    }
}
