package io.quiver.mgmt.rest.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared Jackson mapper and the request-body readers. A configured {@link ObjectMapper} is
 * thread-safe, so one instance serves every request.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body as a JSON object; an empty body is an empty object. */
    static ObjectNode object(ApiRequest r) {
        if (r.body().length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(r.body());
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body is not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object");
        }
        return (ObjectNode) n;
    }

    /**
     * A member that must be an object of scalar values, as a map of their string forms (JSON
     * {@code null} stays {@code null}); an absent member is an empty map.
     */
    static Map<String, String> strings(ObjectNode body, String member) {
        JsonNode m = body.get(member);
        Map<String, String> out = new LinkedHashMap<>();
        if (m == null || m.isNull()) {
            return out;
        }
        if (!m.isObject()) {
            throw ApiProblem.badRequest("'" + member + "' must be an object");
        }
        m.fields().forEachRemaining(e -> out.put(e.getKey(), scalar(e.getValue(), member + "." + e.getKey())));
        return out;
    }

    /**
     * A value's string form as the management tree takes it: scalars as text, arrays of scalars
     * comma-separated (multi-valued attributes), {@code null} for JSON null; objects are refused.
     */
    static String scalar(JsonNode v, String where) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isValueNode() || e.isNull()) {
                    throw ApiProblem.badRequest("'" + where + "' must hold strings, numbers or booleans");
                }
                parts.add(e.asText());
            }
            return String.join(",", parts);
        }
        if (!v.isValueNode()) {
            throw ApiProblem.badRequest("'" + where + "' must be a string, number, boolean or an array of them");
        }
        return v.asText();
    }
}
