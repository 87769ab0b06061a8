package io.quiver.mgmt.rest.impl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP response: status, media type, extra headers and a text body (JSON, problem JSON, scst.conf or
 * Prometheus text). Immutable but for {@link #header}, which is used while it is being built.
 */
public final class ApiResponse {

    public static final String JSON = "application/json";
    public static final String PROBLEM = "application/problem+json";
    public static final String TEXT = "text/plain; charset=utf-8";

    private final int status;
    private final String contentType;
    private final String body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiResponse(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    /** A response without a body ({@code 204 No Content}). */
    public static ApiResponse empty(int status) {
        return new ApiResponse(status, null, null);
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** The media type, or {@code null} when there is no body. */
    public String contentType() {
        return contentType;
    }

    /** The body, or {@code null}. */
    public String body() {
        return body;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }
}
