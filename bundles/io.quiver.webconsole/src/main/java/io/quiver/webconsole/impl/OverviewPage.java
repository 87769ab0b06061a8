package io.quiver.webconsole.impl;

import static io.quiver.webconsole.impl.Html.esc;
import static io.quiver.webconsole.impl.TargetSection.badge;
import static io.quiver.webconsole.impl.TargetSection.details;
import static io.quiver.webconsole.impl.TargetSection.value;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import java.util.function.Function;

/**
 * The plugin's page body (inside the Web Console's frame): the charts, installed transports and handlers
 * with hot deploy, targets, devices and sessions, each with the forms that change them. Everything comes
 * from the management tree; the page's script ({@code quiver.js}) polls the chart and feature data and
 * submits the forms with the CSRF token written here.
 *
 * <p>Stateless; renders one page on one request thread.
 */
final class OverviewPage {

    private final ManagementTree tree;
    private final Function<NodeDTO, String> createForm;

    OverviewPage(ManagementTree tree, Function<NodeDTO, String> createForm) {
        this.tree = tree;
        this.createForm = createForm;
    }

    /**
     * @param pluginRoot the plugin's URL ({@code /system/console/quiver}), base of the endpoints and resources
     * @param csrfToken the session's synchronizer token
     */
    String render(String pluginRoot, String csrfToken) {
        return "<link rel='stylesheet' href=\"" + esc(pluginRoot) + "/res/quiver.css\">"
                + "<div id='quiver' data-root=\"" + esc(pluginRoot) + "\" data-csrf=\"" + esc(csrfToken) + "\">"
                + "<div id='q-message' role='status'></div>"
                + charts() + installed() + new TargetSection(tree, createForm).render() + devices() + sessions()
                + "</div><script src=\"" + esc(pluginRoot) + "/res/chart.umd.js\"></script>"
                + "<script src=\"" + esc(pluginRoot) + "/res/quiver.js\"></script>";
    }

    private static String charts() {
        return "<h2>Live statistics</h2><div class='q-charts'>"
                + "<div class='q-chart'><canvas id='q-chart-iops'></canvas></div>"
                + "<div class='q-chart'><canvas id='q-chart-bandwidth'></canvas></div>"
                + "<div class='q-chart'><canvas id='q-chart-latency'></canvas></div></div>";
    }

    private String installed() {
        StringBuilder b = new StringBuilder("<h2>Transports and handlers</h2><p>Target drivers: ");
        for (NodeDTO d : tree.children("/targets")) {
            b.append(badge(d.name));
        }
        b.append("</p><p>Device handlers: ");
        for (NodeDTO h : tree.children("/handlers")) {
            b.append(badge(h.name));
        }
        return b.append("</p><table class='q-table' id='q-features'><caption>Features (hot deploy)</caption>")
                .append("<tr><th>Feature</th><th>Version</th><th>State</th><th>Description</th><th></th><th>Last operation</th></tr>")
                .append("</table>").toString();
    }

    private String devices() {
        StringBuilder b = new StringBuilder("<h2>Devices</h2>");
        for (NodeDTO handler : tree.children("/handlers")) {
            b.append("<table class='q-table q-devices' data-path=\"").append(esc(handler.path)).append("\"><caption>Handler ")
                    .append(esc(handler.name)).append("</caption><tr><th>Device</th><th>Size</th><th>State</th><th>Used by LUNs</th>")
                    .append("<th>Backing</th><th></th></tr>");
            for (NodeDTO d : tree.children(handler.path)) {
                b.append("<tr class='q-device' data-path=\"").append(esc(d.path)).append("\"><td>").append(esc(d.name))
                        .append("</td><td>").append(esc(size(value(d, "size")))).append("</td><td>")
                        .append(badge(value(d, "attached").equals("true") ? "attached" : "waiting"))
                        .append("</td><td>").append(esc(value(d, "used_by").replace(",", ", "))).append("</td><td>")
                        .append(esc(value(d, "filename"))).append("</td><td>")
                        .append(d.pid == null ? "" : details("Edit", AttributeForms.edit(d)))
                        .append(d.deletable ? AttributeForms.button("delete", d.path, null, "Delete") : "")
                        .append(TargetSection.commands(d)).append("</td></tr>");
            }
            b.append("</table>");
            if (handler.creatable) {
                b.append(details("New " + handler.name + " device", createForm.apply(handler)));
            }
        }
        return b.toString();
    }

    private String sessions() {
        StringBuilder b = new StringBuilder("<h2>Sessions</h2><table class='q-table' id='q-sessions'>")
                .append("<tr><th>Session</th><th>Initiator</th><th>Address</th><th>Target</th><th>LUNs</th>")
                .append("<th>In flight</th><th>Commands</th><th>Negotiated</th><th></th></tr>");
        for (NodeDTO s : tree.children("/sessions")) {
            StringBuilder negotiated = new StringBuilder("<table class='q-attrs'>");
            String peer = "";
            for (AttributeDTO a : s.attributes) {
                if (a.name.startsWith("transport.")) {
                    String key = a.name.substring("transport.".length());
                    if (key.equals("peer")) {
                        peer = a.value;
                    } else {
                        negotiated.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(a.value)).append("</td></tr>");
                    }
                }
            }
            b.append("<tr class='q-session' data-path=\"").append(esc(s.path)).append("\"><td>").append(esc(s.name))
                    .append("</td><td>").append(esc(value(s, "initiator"))).append("</td><td>").append(esc(peer))
                    .append("</td><td>").append(esc(value(s, "target"))).append("</td><td>").append(esc(value(s, "luns")))
                    .append("</td><td>").append(esc(value(s, "commands_in_flight"))).append("</td><td>")
                    .append(esc(value(s, "commands"))).append("</td><td>")
                    .append(details("Parameters", negotiated.append("</table>").toString())).append("</td><td>")
                    .append(TargetSection.commands(s)).append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    /** Bytes in binary units for the overview ("1 GiB"); the exact number stays in the edit form. */
    static String size(String bytes) {
        if (bytes.isEmpty() || !bytes.matches("\\d+")) {
            return bytes;
        }
        double v = Double.parseDouble(bytes);
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v)) + " " + units[u];
    }
}
