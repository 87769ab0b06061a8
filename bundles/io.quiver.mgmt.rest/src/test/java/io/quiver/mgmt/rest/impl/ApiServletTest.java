package io.quiver.mgmt.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.testing.InMemoryManagementTree;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiServletTest {

    private final InMemoryManagementTree tree = RestTestTree.create();

    /** The API servlet over the fake tree, as the Whiteboard would run it. */
    private final ApiServlet api = servlet(RestApiServlet.routes(() -> tree, () -> null));

    /** A servlet at /api/v1 over a given dispatch table. */
    private static ApiServlet servlet(Router router) {
        return new ApiServlet("/api/v1") {
            private static final long serialVersionUID = 1L;

            @Override
            protected Router router() {
                return router;
            }
        };
    }

    private ServletFakes.Recorded run(javax.servlet.http.HttpServletRequest request) throws Exception {
        ServletFakes.Recorded r = new ServletFakes.Recorded();
        api.service(request, ServletFakes.response(r));
        return r;
    }

    @Test
    void dispatchesBelowThePrefix() throws Exception {
        ServletFakes.Recorded r = run(ServletFakes.request("GET", "/api/v1", "/tree/handlers", ""));
        assertEquals(200, r.status);
        assertEquals(ApiResponse.JSON, r.contentType);
        assertTrue(r.text().contains("\"children\":[\"vdisk_nullio\"]"), r.text());
        assertEquals("no-store", r.headers.get("Cache-Control"));
    }

    @Test
    void formEncodedBodiesStayBodiesAndTheQueryComesFromTheQueryString() throws Exception {
        byte[] body = "{\"value\": 4096}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ServletFakes.Recorded r = run(ServletFakes.request("PUT", "/api/v1", "/tree/handlers/vdisk_nullio/disk1/attributes/size",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "?", "a=1"), body.length,
                new java.io.ByteArrayInputStream(body)));
        assertEquals(204, r.status, r.text());
        assertEquals(java.util.List.of("set /handlers/vdisk_nullio/disk1 size=4096"), tree.log());
        assertEquals(Map.of("file", "a b.conf", "dryRun", "", "force", "false"),
                ApiServlet.query("file=a%20b.conf&dryRun&force=false&force=true"));
        assertEquals(Map.of(), ApiServlet.query(null));
    }

    @Test
    void problemsAreProblemJsonWithAllowOn405() throws Exception {
        ServletFakes.Recorded r = run(ServletFakes.request("PATCH", "/api/v1", "/tree/handlers", ""));
        assertEquals(405, r.status);
        assertEquals(ApiResponse.PROBLEM, r.contentType);
        assertEquals("DELETE, GET, POST", r.headers.get("Allow"));
    }

    /** Found by RestRequestFuzzTest: URLDecoder's IllegalArgumentException used to end in a 500. */
    @Test
    void aMalformedQueryEscapeIsA400Problem() throws Exception {
        ServletFakes.Recorded r = run(ServletFakes.request("POST", "/api/v1", "/config/check",
                Map.of("?", "file=a%ri20b.conf"), 0, InputStream.nullInputStream()));
        assertEquals(400, r.status, r.text());
        assertEquals(ApiResponse.PROBLEM, r.contentType);
        assertTrue(r.text().contains("malformed query string"), r.text());
    }

    @Test
    void declaredOversizedBodyIs413WithoutReadingIt() throws Exception {
        InputStream unreadable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read an oversized body");
            }
        };
        ServletFakes.Recorded r = run(ServletFakes.request("POST", "/api/v1", "/tree/handlers/vdisk_nullio",
                Map.of(), ApiServlet.MAX_BODY + 1L, unreadable));
        assertEquals(413, r.status);
        assertTrue(r.text().contains("\"status\":413"), r.text());
        assertTrue(tree.log().isEmpty());
    }

    @Test
    void undeclaredOversizedBodyIs413() throws Exception {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return ' ';
            }
        };
        ServletFakes.Recorded r = run(ServletFakes.request("PUT", "/api/v1", "/tree/handlers/vdisk_nullio/disk1/attributes/size",
                Map.of(), -1, endless));
        assertEquals(413, r.status);
        assertTrue(tree.log().isEmpty());
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws Exception {
        String body = "{\"value\": 1}" + " ".repeat(ApiServlet.MAX_BODY - 12);
        ServletFakes.Recorded r = run(ServletFakes.request("PUT", "/api/v1", "/tree/handlers/vdisk_nullio/disk1/attributes/size", body));
        assertEquals(204, r.status);
        assertEquals(0, r.body.size());
    }

    @Test
    void unexpectedFailuresAre500Problems() throws Exception {
        javax.servlet.http.HttpServletRequest req = ServletFakes.request("GET", "/api/v1", "/tree/handlers/vdisk_nullio", "");
        ServletFakes.Recorded out = new ServletFakes.Recorded();
        servlet(new Router().add("GET", "/tree/{path}", (q, v) -> {
            throw new IllegalStateException("boom");
        })).service(req, ServletFakes.response(out));
        assertEquals(500, out.status);
        assertEquals(ApiResponse.PROBLEM, out.contentType);
        assertTrue(out.text().contains("boom"), out.text());
    }

    @Test
    void contextRefusesRequestsWithoutCredentials() throws Exception {
        ServletFakes.Recorded r = new ServletFakes.Recorded();
        boolean admitted = new QuiverServletContext().handleSecurity(
                ServletFakes.request("GET", "/api/v1", "/tree", ""), ServletFakes.response(r));
        assertFalse(admitted);
        assertEquals(401, r.status);
        assertEquals(ApiResponse.PROBLEM, r.contentType);
        assertEquals("Basic realm=\"karaf\", charset=\"UTF-8\"", r.headers.get("WWW-Authenticate"));
    }
}
