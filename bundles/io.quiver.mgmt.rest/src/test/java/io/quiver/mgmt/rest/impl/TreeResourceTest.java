package io.quiver.mgmt.rest.impl;

import static io.quiver.mgmt.rest.impl.Requests.json;
import static io.quiver.mgmt.rest.impl.Requests.problem;
import static io.quiver.mgmt.rest.impl.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.testing.InMemoryManagementTree;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeResourceTest {

    private final InMemoryManagementTree tree = RestTestTree.create();
    private final Router router = new TreeResource(() -> tree).router();

    @Test
    void getsTheRootWithAndWithoutTrailingSlash() throws Exception {
        for (String p : List.of("/tree", "/tree/")) {
            ApiResponse r = router.dispatch(request("GET", p));
            assertEquals(200, r.status());
            assertEquals(ApiResponse.JSON, r.contentType());
            JsonNode n = json(r);
            assertEquals("/", n.get("path").asText());
            assertEquals("[\"handlers\",\"sessions\"]", n.get("children").toString());
        }
    }

    @Test
    void nodeJsonCarriesAttributesCommandsAndFlags() throws Exception {
        JsonNode n = json(router.dispatch(request("GET", "/tree/handlers/vdisk_nullio/disk1/")));
        assertEquals("device", n.get("kind").asText());
        assertEquals("io.quiver.handler.nullio~disk1", n.get("pid").asText());
        assertTrue(n.get("deletable").asBoolean());
        assertFalse(n.get("creatable").asBoolean());
        JsonNode size = n.get("attributes").get("size");
        assertEquals("1048576", size.get("value").asText());
        assertEquals("0", size.get("default").asText());
        assertEquals("Long", size.get("type").asText());
        assertTrue(size.get("writable").asBoolean());
        assertTrue(n.get("commands").has("reset_statistics"));
        assertTrue(n.get("commands").get("reset_statistics").get("parameters").isObject());
    }

    @Test
    void secretsAreListedButNeverTheirValue() throws Exception {
        tree.leakSecrets();
        tree.stored("/handlers/vdisk_nullio/disk1").attribute("password").value = "leaked-if-serialised";
        ApiResponse r = router.dispatch(request("GET", "/tree/handlers/vdisk_nullio", Map.of("children", "true"), ""));
        assertFalse(r.body().contains("leaked-if-serialised"), r.body());
        JsonNode password = json(r).get("childNodes").get(0).get("attributes").get("password");
        assertTrue(password.get("secret").asBoolean());
        assertFalse(password.has("value"));
        assertFalse(password.has("default"));
    }

    @Test
    void childrenTrueAddsTheChildNodes() throws Exception {
        JsonNode n = json(router.dispatch(request("GET", "/tree/handlers", Map.of("children", "true"), "")));
        assertEquals("/handlers/vdisk_nullio", n.get("childNodes").get(0).get("path").asText());
        assertFalse(json(router.dispatch(request("GET", "/tree/handlers"))).has("childNodes"));
    }

    @Test
    void unknownNodeIs404NamingThePath() throws Exception {
        JsonNode p = problem(router, request("GET", "/tree/handlers/nope"), 404);
        assertEquals("/handlers/nope", p.get("path").asText());
        assertTrue(p.get("type").asText().startsWith("urn:io.quiver:problem:"));
    }

    @Test
    void setsAnAttribute() {
        ApiResponse r = router.dispatch(request("PUT", "/tree/handlers/vdisk_nullio/disk1/attributes/size", "{\"value\": 2048}"));
        assertEquals(204, r.status());
        assertNull(r.body());
        router.dispatch(request("PUT", "/tree/handlers/vdisk_nullio/disk1/attributes/size", "{\"value\": null}"));
        assertEquals(List.of("set /handlers/vdisk_nullio/disk1 size=2048", "set /handlers/vdisk_nullio/disk1 size=null"), tree.log());
    }

    @Test
    void refusedAttributeIs422NamingObjectAndAttribute() throws Exception {
        JsonNode p = problem(router, request("PUT", "/tree/handlers/vdisk_nullio/disk1/attributes/size", "{\"value\": \"big\"}"), 422);
        assertEquals("/handlers/vdisk_nullio/disk1", p.get("path").asText());
        assertEquals("size", p.get("attribute").asText());
        assertEquals("size: not a Long: big", p.get("detail").asText());
        p = problem(router, request("PUT", "/tree/handlers/vdisk_nullio/disk1/attributes/colour", "{\"value\": \"red\"}"), 422);
        assertEquals("colour", p.get("attribute").asText());
    }

    @Test
    void badBodiesAre400() throws Exception {
        String attr = "/tree/handlers/vdisk_nullio/disk1/attributes/size";
        problem(router, request("PUT", attr, "{not json"), 400);
        problem(router, request("PUT", attr, "[1]"), 400);
        problem(router, request("PUT", attr, "{}"), 400);
        problem(router, request("PUT", attr, "{\"value\": {\"a\": 1}}"), 400);
        problem(router, request("POST", "/tree/handlers/vdisk_nullio", "{\"attributes\": {}}"), 400);
        problem(router, request("POST", "/tree/handlers/vdisk_nullio", "{\"name\": \"a/b\"}"), 400);
        // The tree's name rule (ObjectNames), checked before the tree is asked: the request's fault.
        assertTrue(problem(router, request("POST", "/tree/handlers/vdisk_nullio", "{\"name\": \"..\"}"), 400)
                .get("detail").asText().endsWith("not a valid name: no relative segments in paths: .."));
        problem(router, request("POST", "/tree/handlers/vdisk_nullio", "{\"name\": \"" + "n".repeat(224) + "\"}"), 400);
        problem(router, request("POST", "/tree/handlers/vdisk_nullio", "{\"name\": \"d\", \"attributes\": []}"), 400);
        assertTrue(tree.log().isEmpty());
    }

    @Test
    void createsWithLocation() throws Exception {
        ApiResponse r = router.dispatch(request("POST", "/tree/handlers/vdisk_nullio",
                "{\"name\": \"disk2\", \"attributes\": {\"size\": 4096, \"tags\": [\"a\", \"b\"]}}"));
        assertEquals(201, r.status());
        assertEquals("/quiver/api/v1/tree/handlers/vdisk_nullio/disk2", r.headers().get("Location"));
        assertEquals("/handlers/vdisk_nullio/disk2", json(r).get("path").asText());
        assertEquals(List.of("create /handlers/vdisk_nullio/disk2 {size=4096, tags=a,b}"), tree.log());
    }

    @Test
    void refusedCreateNamesTheAttributeTheMessageMentions() throws Exception {
        JsonNode p = problem(router, request("POST", "/tree/handlers/vdisk_nullio",
                "{\"name\": \"disk2\", \"attributes\": {\"size\": \"huge\", \"s\": \"x\"}}"), 422);
        assertEquals("/handlers/vdisk_nullio/disk2", p.get("path").asText());
        assertEquals("size", p.get("attribute").asText());
        p = problem(router, request("POST", "/tree/handlers/vdisk_nullio", "{\"name\": \"disk1\"}"), 422);
        assertFalse(p.has("attribute"));
        problem(router, request("POST", "/tree/handlers", "{\"name\": \"x\"}"), 422);
    }

    @Test
    void runsACommand() throws Exception {
        ApiResponse r = router.dispatch(request("POST", "/tree/handlers/vdisk_nullio/disk1/commands/reset_statistics", ""));
        assertEquals(200, r.status());
        assertEquals("statistics reset", json(r).get("result").asText());
        JsonNode p = problem(router, request("POST", "/tree/handlers/vdisk_nullio/disk1/commands/explode", "{}"), 422);
        assertEquals("/handlers/vdisk_nullio/disk1 has no command explode", p.get("detail").asText());
    }

    @Test
    void deletes() throws Exception {
        assertEquals(204, router.dispatch(request("DELETE", "/tree/handlers/vdisk_nullio/disk1")).status());
        assertEquals(List.of("delete /handlers/vdisk_nullio/disk1"), tree.log());
        problem(router, request("DELETE", "/tree/handlers/vdisk_nullio"), 422);
        problem(router, request("DELETE", "/tree/handlers/vdisk_nullio/gone"), 404);
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        JsonNode p = problem(router, request("PATCH", "/tree/handlers"), 405);
        assertTrue(p.get("detail").asText().contains("DELETE, GET, POST"), p.toString());
        assertEquals("DELETE, GET, POST", router.allow("/tree/handlers"));
        problem(router, request("GET", "/nothing"), 404);
    }

    @Test
    void refusedPathIs422() throws Exception {
        problem(router, request("GET", "/tree/handlers/../x"), 422);
    }

    @Test
    void missingTreeIs503() throws Exception {
        Router none = new TreeResource(() -> null).router();
        problem(none, request("GET", "/tree"), 503);
    }
}
