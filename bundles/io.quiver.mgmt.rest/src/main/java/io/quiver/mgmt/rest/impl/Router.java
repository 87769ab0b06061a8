package io.quiver.mgmt.rest.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A servlet's dispatch table: routes written as OpenAPI path templates ({@code /tree/{path}/attributes/{name}}),
 * tried in order, first match wins. {@code {path}} spans any number of segments (a management tree path,
 * {@code /} when empty); every other variable is one segment. A path that some route matches under another
 * method answers 405 with {@code Allow}; no match at all answers 404. The same table is what
 * {@code openapi.json} is checked against. Immutable after construction; thread-safe.
 */
final class Router {

    /** What a route runs: the request and the template variables in order. */
    interface Handler extends BiFunction<ApiRequest, List<String>, ApiResponse> {
    }

    /** One route: method, template, and the compiled template. */
    record Route(String method, String template, Pattern pattern, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Handler handler) {
        routes.add(new Route(method, template, compile(template), handler));
        return this;
    }

    /** Appends another table's routes, keeping their order. */
    Router include(Router other) {
        routes.addAll(other.routes);
        return this;
    }

    /** The routes, in order. */
    List<Route> routes() {
        return List.copyOf(routes);
    }

    ApiResponse dispatch(ApiRequest request) {
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Matcher m = r.pattern().matcher(request.path());
            if (!m.matches()) {
                continue;
            }
            if (!r.method().equals(request.method())) {
                allowed.add(r.method());
                continue;
            }
            List<String> variables = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) {
                String v = m.group(i);
                variables.add(v == null || v.isEmpty() ? "/" : v);
            }
            return r.handler().apply(request, variables);
        }
        if (allowed.isEmpty()) {
            throw new ApiProblem(404, "no-route", "Not found", "no such resource: " + request.path(), null, null);
        }
        throw new ApiProblem(405, "method-not-allowed", "Method not allowed",
                request.method() + " is not allowed on " + request.path() + "; allowed: " + String.join(", ", allowed),
                null, null);
    }

    /** The allowed methods for a path, for the {@code Allow} header of a 405. */
    String allow(String path) {
        TreeSet<String> allowed = new TreeSet<>();
        routes.stream().filter(r -> r.pattern().matcher(path).matches()).forEach(r -> allowed.add(r.method()));
        return String.join(", ", allowed);
    }

    static Pattern compile(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher v = Pattern.compile("/\\{(\\w+)\\}").matcher(template);
        int last = 0;
        while (v.find()) {
            regex.append(Pattern.quote(template.substring(last, v.start())));
            regex.append(v.group(1).equals("path") ? "(/.*?)?/?" : "/([^/]+)");
            last = v.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex.toString());
    }
}
