package io.quiver.mgmt.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.testing.InMemoryManagementTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@code GET /quiver/api/v1/}: the entry points, each a path the API serves and the OpenAPI document describes. */
class ApiIndexTest {

    private final InMemoryManagementTree tree = RestTestTree.create();
    private final Router api = RestApiServlet.routes(() -> tree, () -> null);

    /** The servlet as the Whiteboard runs it, below /api/v1. */
    private final ApiServlet servlet = new RestApiServlet();

    @Test
    void theBaseUrlAnswersWithTheEntryPointsWithAndWithoutTheSlash() throws Exception {
        for (String pathInfo : new String[] {"/", null}) {
            ServletFakes.Recorded r = new ServletFakes.Recorded();
            servlet.service(ServletFakes.request("GET", "/api/v1", pathInfo, ""), ServletFakes.response(r));
            assertEquals(200, r.status, "pathInfo " + pathInfo + ": " + r.text());
            assertEquals(ApiResponse.JSON, r.contentType);
            JsonNode links = Json.MAPPER.readTree(r.text()).get("links");
            assertEquals(List.of("self", "tree", "config", "config-check", "config-apply", "openapi", "metrics"),
                    names(links));
            assertEquals("/quiver/api/v1/tree", links.get("tree").get("href").asText());
            assertEquals("/quiver/api/v1/openapi.json", links.get("openapi").get("href").asText());
        }
    }

    @Test
    void everyLinkIsServedWithTheMethodsItNamesAndDocumented() throws Exception {
        JsonNode links = Requests.json(api.dispatch(Requests.request("GET", "/"))).get("links");
        JsonNode paths = Json.MAPPER.readTree(OpenApiDocument.text()).get("paths");
        for (String rel : names(links)) {
            String href = links.get(rel).get("href").asText();
            Set<String> methods = new TreeSet<>(List.of(links.get(rel).get("methods").asText().split(", ")));
            if (href.startsWith("/quiver/api/v1")) {
                String path = href.substring("/quiver/api/v1".length());
                String template = path.equals("/tree") ? "/tree/{path}" : path;
                assertTrue(paths.has(template), rel + " " + href + " is not in openapi.json");
                for (String m : methods) {
                    assertTrue(paths.get(template).has(m.toLowerCase()), rel + ": " + m + " " + template + " undocumented");
                }
                assertEquals(methods, allowed(path), rel + ": the methods the router serves at " + path);
            } else {
                assertEquals("/quiver/metrics", href);
                assertTrue(paths.get("/metrics").has("get"));
            }
        }
    }

    @Test
    void theTreeLinkReadsTheRoot() throws Exception {
        ApiResponse r = api.dispatch(Requests.request("GET", "/tree"));
        assertEquals(200, r.status(), r.body());
        assertTrue(Requests.json(r).get("children").toString().contains("handlers"), r.body());
    }

    @Test
    void onlyGetIsAllowedOnTheIndex() throws Exception {
        JsonNode p = Requests.problem(api, Requests.request("POST", "/"), 405);
        assertTrue(p.get("detail").asText().contains("allowed: GET"), p.toString());
    }

    private Set<String> allowed(String path) {
        return new TreeSet<>(List.of(api.allow(path).split(", ")));
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
