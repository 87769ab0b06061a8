package io.quiver.mgmt.rest.impl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /quiver/api/v1/} (and without the slash): the API's entry points as links, so a client that
 * knows only the base URL finds the management tree, the scst.conf tool, the OpenAPI document and the
 * metrics without guessing. Each link is {@code {href, methods, description}}; every {@code href} is a path
 * the OpenAPI document describes (a unit test keeps the two together). Stateless; thread-safe.
 */
final class ApiIndex {

    /** Where the API lives: the {@code quiver} servlet context plus this servlet's prefix. */
    static final String BASE = "/quiver/api/v1";

    private ApiIndex() {
    }

    static ApiResponse response() {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", link(BASE + "/", "GET", "This list of entry points."));
        links.put("tree", link(BASE + "/tree", "GET, POST, DELETE",
                "The management tree's root: handlers, drivers and their devices, targets, LUNs, initiator groups, "
                        + "sessions, ALUA groups. GET /tree/{path} reads a node, PUT .../attributes/{name} sets an "
                        + "attribute, POST .../commands/{command} runs a command."));
        links.put("config", link(BASE + "/config", "GET", "The running system written as scst.conf."));
        links.put("config-check", link(BASE + "/config/check", "POST",
                "Checks an scst.conf file against the running system and lists the differences."));
        links.put("config-apply", link(BASE + "/config/apply", "POST",
                "Applies the differences of an scst.conf file (dryRun, force for deletions; all or nothing)."));
        links.put("openapi", link(BASE + "/openapi.json", "GET", "The OpenAPI 3 description of every operation."));
        links.put("metrics", link("/quiver/metrics", "GET", "Statistics in the Prometheus text format."));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("title", "Quiver management API");
        doc.put("version", "v1");
        doc.put("links", links);
        return new ApiResponse(200, ApiResponse.JSON, Json.write(doc));
    }

    private static Map<String, String> link(String href, String methods, String description) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("href", href);
        l.put("methods", methods);
        l.put("description", description);
        return l;
    }
}
