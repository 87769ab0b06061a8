package io.quiver.mgmt.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builders of {@link ApiRequest}s and readers of responses for the resource tests. */
final class Requests {

    private Requests() {
    }

    static ApiRequest request(String method, String path) {
        return request(method, path, Map.of(), "");
    }

    static ApiRequest request(String method, String path, String body) {
        return request(method, path, Map.of(), body);
    }

    static ApiRequest request(String method, String path, Map<String, String> query, String body) {
        return new ApiRequest(method, path, query, body.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(ApiResponse r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    /** Runs a request that must fail, checks status and media type, and returns the problem document. */
    static JsonNode problem(Router router, ApiRequest request, int status) throws IOException {
        ApiResponse r;
        try {
            r = router.dispatch(request);
        } catch (ApiProblem p) {
            r = p.toResponse();
        }
        assertEquals(status, r.status(), r.body());
        assertEquals(ApiResponse.PROBLEM, r.contentType());
        JsonNode p = json(r);
        assertEquals(status, p.get("status").asInt());
        return p;
    }
}
