package io.quiver.mgmt.rest.impl;

import static io.quiver.mgmt.rest.impl.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router router = new Router()
            .add("PUT", "/tree/{path}/attributes/{name}", (r, v) -> echo("attribute", v))
            .add("POST", "/tree/{path}/commands/{command}", (r, v) -> echo("command", v))
            .add("POST", "/tree/{path}", (r, v) -> echo("create", v))
            .add("GET", "/tree/{path}", (r, v) -> echo("get", v))
            .add("GET", "/config", (r, v) -> echo("config", v));

    private static ApiResponse echo(String route, List<String> variables) {
        return new ApiResponse(200, ApiResponse.TEXT, route + " " + variables);
    }

    private String route(String method, String path) {
        return router.dispatch(request(method, path)).body();
    }

    @Test
    void treePathsSpanSegmentsAndDefaultToTheRoot() {
        assertEquals("get [/]", route("GET", "/tree"));
        assertEquals("get [/]", route("GET", "/tree/"));
        assertEquals("get [/targets/iscsi/iqn.2026-11.io.quiver:default]", route("GET", "/tree/targets/iscsi/iqn.2026-11.io.quiver:default"));
        assertEquals("get [/handlers/vdisk_fileio]", route("GET", "/tree/handlers/vdisk_fileio/"));
    }

    @Test
    void trailingLiteralsAndVariablesAreTakenFromTheEnd() {
        assertEquals("attribute [/handlers/h/d, size]", route("PUT", "/tree/handlers/h/d/attributes/size"));
        assertEquals("attribute [/, x]", route("PUT", "/tree/attributes/x"));
        assertEquals("command [/sessions/7, close]", route("POST", "/tree/sessions/7/commands/close"));
        assertEquals("create [/handlers/h]", route("POST", "/tree/handlers/h"));
        assertEquals("create [/handlers/h/d/commands]", route("POST", "/tree/handlers/h/d/commands"));
    }

    @Test
    void literalRoutesMatchExactly() {
        assertEquals("config []", route("GET", "/config"));
        assertEquals(404, status("GET", "/configx"));
        assertEquals(404, status("GET", "/config/more"));
        assertEquals(405, status("DELETE", "/config"));
        assertEquals("GET", router.allow("/config"));
    }

    @Test
    void compiledTemplatesQuoteLiterals() {
        assertEquals(false, Router.compile("/openapi.json").matcher("/openapiXjson").matches());
        assertEquals(true, Router.compile("/openapi.json").matcher("/openapi.json").matches());
    }

    private int status(String method, String path) {
        try {
            return router.dispatch(request(method, path)).status();
        } catch (ApiProblem p) {
            return p.status();
        }
    }
}
