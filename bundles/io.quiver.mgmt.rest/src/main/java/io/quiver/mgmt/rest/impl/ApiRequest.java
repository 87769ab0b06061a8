package io.quiver.mgmt.rest.impl;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP request as the resources see it, free of the servlet API so they can be tested without a
 * container. Immutable.
 *
 * @param method the HTTP method, upper case
 * @param path the request path below the servlet's prefix, starting with {@code /} (decoded)
 * @param query the query parameters (first value of each)
 * @param body the request body, at most {@link ApiServlet#MAX_BODY} bytes; empty if there was none
 */
public record ApiRequest(String method, String path, Map<String, String> query, byte[] body) {

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A boolean query parameter: {@code true} when present and not {@code false}. */
    public boolean flag(String name) {
        String v = query.get(name);
        return v != null && !v.equalsIgnoreCase("false");
    }
}
