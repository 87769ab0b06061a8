package io.quiver.mgmt.rest.impl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.api.mgmt.ObjectNames;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /quiver/api/v1/tree}: the management tree over HTTP. Reads nodes, sets attributes, creates and
 * deletes objects and runs commands, each a direct call on {@link ManagementTree}; it knows no driver or
 * handler. Refusals of the tree become 422 problems naming the node and, where one is concerned, the
 * attribute. Stateless and thread-safe; calls block on ConfigAdmin (never run on an event loop).
 */
final class TreeResource {

    /** Where created nodes are found, for {@code Location}. */
    static final String BASE = "/quiver/api/v1/tree";

    private final Supplier<ManagementTree> tree;
    private final Router router = new Router()
            .add("GET", "/tree/{path}", this::get)
            .add("PUT", "/tree/{path}/attributes/{name}", this::setAttribute)
            .add("POST", "/tree/{path}/commands/{command}", this::run)
            .add("POST", "/tree/{path}", this::create)
            .add("DELETE", "/tree/{path}", this::delete);

    TreeResource(Supplier<ManagementTree> tree) {
        this.tree = tree;
    }

    Router router() {
        return router;
    }

    private ApiResponse get(ApiRequest r, List<String> v) {
        String path = v.get(0);
        NodeDTO n = require(path);
        ObjectNode o = r.flag("children") ? NodeJson.withChildren(n, call(path, null, () -> tree().children(path)))
                : NodeJson.node(n);
        return new ApiResponse(200, ApiResponse.JSON, Json.write(o));
    }

    private ApiResponse setAttribute(ApiRequest r, List<String> v) {
        String path = v.get(0);
        String name = v.get(1);
        ObjectNode body = Json.object(r);
        if (!body.has("value")) {
            throw ApiProblem.badRequest("the body must be {\"value\": ...} (null resets to the default)");
        }
        String value = Json.scalar(body.get("value"), "value");
        require(path);
        call(path, name, () -> {
            tree().setAttribute(path, name, value);
            return null;
        });
        return ApiResponse.empty(204);
    }

    private ApiResponse create(ApiRequest r, List<String> v) {
        String parent = v.get(0);
        ObjectNode body = Json.object(r);
        String name = Json.scalar(body.get("name"), "name");
        // The tree's own rule (ObjectNames), so that a name it would refuse is the request's fault, a 400.
        String refusal = ObjectNames.refusal(name);
        if (refusal != null) {
            throw ApiProblem.badRequest("the body must name the new object: {\"name\": \"...\", \"attributes\": {...}}; "
                    + "not a valid name: " + refusal);
        }
        Map<String, String> attributes = Json.strings(body, "attributes");
        require(parent);
        String created = call((parent.endsWith("/") ? parent : parent + "/") + name, attributes, () -> tree().create(parent, name, attributes));
        ObjectNode o = Json.MAPPER.createObjectNode().put("path", created);
        return new ApiResponse(201, ApiResponse.JSON, Json.write(o)).header("Location", BASE + created);
    }

    private ApiResponse delete(ApiRequest r, List<String> v) {
        String path = v.get(0);
        require(path);
        call(path, null, () -> {
            tree().delete(path);
            return null;
        });
        return ApiResponse.empty(204);
    }

    private ApiResponse run(ApiRequest r, List<String> v) {
        String path = v.get(0);
        String command = v.get(1);
        Map<String, String> parameters = Json.strings(Json.object(r), "parameters");
        require(path);
        String result = call(path, parameters, () -> tree().run(path, command, parameters));
        return new ApiResponse(200, ApiResponse.JSON, Json.write(Json.MAPPER.createObjectNode().put("result", result)));
    }

    private NodeDTO require(String path) {
        return call(path, null, () -> tree().node(path)).orElseThrow(() -> ApiProblem.notFound(path));
    }

    private ManagementTree tree() {
        ManagementTree t = tree.get();
        if (t == null) {
            throw ApiProblem.noTree();
        }
        return t;
    }

    /** Runs a tree call, turning its refusal into a problem about {@code path} and the attribute concerned. */
    private static <T> T call(String path, Object attributes, Supplier<T> call) {
        try {
            return call.get();
        } catch (ManagementException e) {
            throw ApiProblem.refused(e.getMessage(), path, Attributes.named(e.getMessage(), attributes));
        }
    }
}
