package io.quiver.mgmt.rest.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI 3 description of the API, a static resource of this bundle ({@code openapi.json} beside
 * this class) that a unit test keeps true to the servlets' routes. Loaded once; thread-safe.
 */
final class OpenApiDocument {

    static final String RESOURCE = "openapi.json";

    private static final String TEXT = load();

    private OpenApiDocument() {
    }

    static ApiResponse response() {
        return new ApiResponse(200, ApiResponse.JSON, TEXT);
    }

    static String text() {
        return TEXT;
    }

    private static String load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
