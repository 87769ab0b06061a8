package io.quiver.mgmt.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.config.impl.ScstConfigComponent;
import io.quiver.testing.InMemoryManagementTree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Fuzzes the REST API servlet end to end: one request per input through {@link ApiServlet#service} over
 * the resource tests' tree and the real scst.conf component. Input layout: byte 0 picks the method,
 * byte 1 the route, byte 2 the content type and whether the length is declared; the text up to the first
 * newline is appended to the route (after a {@code ?} it is the query string); the rest is the body.
 * Contract checked: a 2xx answer, or a 4xx {@code application/problem+json} with type, title and the same
 * status (or the 422 config report of a refused apply, with its problems); never a 5xx, never an exception, never the stored CHAP-like secret in the body. Seeds:
 * {@code RestRequestFuzzTestInputs/oneRequest/} (run in every build). Long run: JAZZER_FUZZ=1 with
 * -Dtest=RestRequestFuzzTest, or standalone Jazzer on {@link #fuzzerTestOneInput} (docs/reliability.md).
 */
class RestRequestFuzzTest {

    private static final String SECRET = "Zq7-stored-secret-value";
    private static final String[] METHODS = {"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"};
    private static final String[] ROUTES = {
        "/tree/handlers/vdisk_nullio",
        "/tree/handlers/vdisk_nullio/disk1/attributes/size",
        "/tree/handlers/vdisk_nullio/disk1/commands/reset_statistics",
        "/tree/handlers/vdisk_nullio/disk1",
        "/tree/handlers/vdisk_nullio/disk1/attributes/password",
        "/config/check",
        "/config/apply",
        "/config",
        "/tree",
        "/openapi.json",
        "",
    };
    private static final String[] CONTENT_TYPES = {"application/json", "application/x-www-form-urlencoded",
        "text/plain", null, "application/json; charset=ISO-8859-1"};

    @FuzzTest(maxDuration = "10m")
    void oneRequest(byte[] input) throws IOException {
        check(input);
    }

    /** Entry for standalone Jazzer (no Maven lock held during a long run). */
    public static void fuzzerTestOneInput(byte[] input) throws IOException {
        check(input);
    }

    private static void check(byte[] input) throws IOException {
        if (input.length < 3) {
            return;
        }
        String method = METHODS[(input[0] & 0xff) % METHODS.length];
        String route = ROUTES[(input[1] & 0xff) % ROUTES.length];
        String contentType = CONTENT_TYPES[(input[2] & 0x7f) % CONTENT_TYPES.length];
        boolean declared = (input[2] & 0x80) == 0;
        int newline = 3;
        while (newline < input.length && input[newline] != '\n') {
            newline++;
        }
        String suffix = new String(input, 3, newline - 3, StandardCharsets.UTF_8);
        byte[] body = newline < input.length ? Arrays.copyOfRange(input, newline + 1, input.length) : new byte[0];
        int q = suffix.indexOf('?');
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (q >= 0) {
            headers.put("?", suffix.substring(q + 1));
        }
        String pathInfo = route + (q >= 0 ? suffix.substring(0, q) : suffix);

        ServletFakes.Recorded out = new ServletFakes.Recorded();
        servlet().service(ServletFakes.request(method, "/api/v1", pathInfo, headers,
                declared ? body.length : -1, new ByteArrayInputStream(body)), ServletFakes.response(out));

        String what = method + " " + pathInfo + " -> " + out.status + " " + out.text();
        assertTrue(out.status >= 200 && out.status < 300 || out.status >= 400 && out.status < 500, what);
        if (out.status == 422 && ApiResponse.JSON.equals(out.contentType) && pathInfo.startsWith("/config/apply")) {
            // The documented refusal of a config apply: its report (the problems), not a problem document.
            JsonNode report = Json.MAPPER.readTree(out.text());
            assertTrue(!report.path("ok").asBoolean(true) && report.path("problems").size() > 0, what);
        } else if (out.status >= 400) {
            assertEquals(ApiResponse.PROBLEM, out.contentType, what);
            JsonNode problem = Json.MAPPER.readTree(out.text());
            assertTrue(problem.path("type").isTextual() && problem.path("title").isTextual(), what);
            assertEquals(out.status, problem.path("status").asInt(), what);
        } else if (ApiResponse.JSON.equals(out.contentType)) {
            Json.MAPPER.readTree(out.text());
        }
        boolean echoed = (suffix + new String(body, StandardCharsets.UTF_8)).contains(SECRET);
        assertFalse(!echoed && out.text().contains(SECRET), what);
    }

    /** A fresh tree per input (one with a stored secret) behind the whole API, as the Whiteboard runs it. */
    private static ApiServlet servlet() {
        InMemoryManagementTree tree = RestTestTree.create();
        tree.stored("/handlers/vdisk_nullio/disk1").attribute("password").value = SECRET;
        ScstConfigComponent config = new ScstConfigComponent(tree);
        Router router = RestApiServlet.routes(() -> tree, () -> config);
        return new ApiServlet("/api/v1") {
            private static final long serialVersionUID = 1L;

            @Override
            protected Router router() {
                return router;
            }
        };
    }
}
