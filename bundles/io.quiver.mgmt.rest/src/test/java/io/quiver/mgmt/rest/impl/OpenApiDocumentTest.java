package io.quiver.mgmt.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Keeps {@code openapi.json} true to the servlets: the same operations, under the same prefixes. */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void documentsExactlyTheRoutesOfTheServlets() throws Exception {
        JsonNode doc = Json.MAPPER.readTree(OpenApiDocument.text());
        assertEquals("/quiver/api/v1", doc.get("servers").get(0).get("url").asText());
        Set<String> documented = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            String server = p.getValue().has("servers") ? p.getValue().get("servers").get(0).get("url").asText() : "/quiver/api/v1";
            p.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    documented.add(m.toUpperCase() + " " + server + p.getKey());
                }
            });
        }
        Set<String> served = new TreeSet<>();
        RestApiServlet.routes(() -> null, () -> null).routes()
                .forEach(r -> served.add(r.method() + " /quiver/api/v1" + r.template()));
        MetricsServlet.routes(() -> null).routes().forEach(r -> served.add(r.method() + " /quiver" + r.template()));
        assertEquals(served, documented);
    }

    @Test
    void everyPathVariableIsDeclared() throws Exception {
        JsonNode doc = Json.MAPPER.readTree(OpenApiDocument.text());
        doc.get("paths").fields().forEachRemaining(p -> {
            Set<String> declared = new TreeSet<>();
            JsonNode params = p.getValue().get("parameters");
            if (params != null) {
                params.forEach(x -> declared.add(x.has("$ref") ? x.get("$ref").asText().replaceAll(".*/", "") : x.get("name").asText()));
            }
            Set<String> used = new TreeSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)\\}").matcher(p.getKey());
            while (m.find()) {
                used.add(m.group(1));
            }
            assertEquals(used, declared, p.getKey());
        });
    }

    @Test
    void isServedAsJson() {
        ApiResponse r = RestApiServlet.routes(() -> null, () -> null).dispatch(Requests.request("GET", "/openapi.json"));
        assertEquals(200, r.status());
        assertEquals(ApiResponse.JSON, r.contentType());
        assertEquals(OpenApiDocument.text(), r.body());
    }
}
