package io.quiver.mgmt.rest.impl;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An RFC 9457 problem: thrown by the resources, rendered as {@code application/problem+json} with the
 * standard members ({@code type}, {@code title}, {@code status}, {@code detail}) plus {@code path} and
 * {@code attribute}, which name the management object and attribute concerned (either may be absent).
 */
public final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final String TYPE_PREFIX = "urn:io.quiver:problem:";

    private final int status;
    private final String type;
    private final String title;
    private final String path;
    private final String attribute;

    public ApiProblem(int status, String type, String title, String detail, String path, String attribute) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.path = path;
        this.attribute = attribute;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "bad-request", "Bad request", detail, null, null);
    }

    public static ApiProblem notFound(String path) {
        return new ApiProblem(404, "not-found", "No such node", "no such node: " + path, path, null);
    }

    /** The management tree refused an operation on {@code path} (and {@code attribute}, if known). */
    public static ApiProblem refused(String detail, String path, String attribute) {
        return new ApiProblem(422, "refused", "Refused by the management tree", detail, path, attribute);
    }

    public static ApiProblem unavailable(String detail) {
        return new ApiProblem(503, "unavailable", "Service unavailable", detail, null, null);
    }

    /** The management tree service is missing (the core is stopped or being updated). */
    public static ApiProblem noTree() {
        return unavailable("the management tree is not available (is the Quiver core running?)");
    }

    public int status() {
        return status;
    }

    public String path() {
        return path;
    }

    public String attribute() {
        return attribute;
    }

    /** The problem document. */
    public ApiResponse toResponse() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", TYPE_PREFIX + type);
        o.put("title", title);
        o.put("status", status);
        o.put("detail", getMessage());
        if (path != null) {
            o.put("path", path);
        }
        if (attribute != null) {
            o.put("attribute", attribute);
        }
        return new ApiResponse(status, ApiResponse.PROBLEM, Json.write(o));
    }
}
