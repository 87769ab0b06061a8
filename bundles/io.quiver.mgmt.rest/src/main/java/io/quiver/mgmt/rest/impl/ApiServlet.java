package io.quiver.mgmt.rest.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet side of every Quiver endpoint: reads the request into an {@link ApiRequest} (bodies above
 * {@link #MAX_BODY} are refused with 413 before they are read), dispatches it through the subclass's
 * {@link Router}, and writes the {@link ApiResponse} or the {@link ApiProblem}. Unexpected failures become
 * a 500 problem and are logged. Thread-safe: one instance serves concurrent requests on the container's
 * threads; it blocks while the management tree does.
 */
public abstract class ApiServlet extends HttpServlet {

    /** The largest request body accepted: 1 MiB. */
    public static final int MAX_BODY = 1 << 20;

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    /** The part of the servlet path the routes leave out ({@code /api/v1}), or empty. */
    private final String prefix;

    protected ApiServlet(String prefix) {
        this.prefix = prefix;
    }

    /** The routes of this servlet, relative to the prefix. */
    protected abstract Router router();

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = path(req);
        ApiResponse out;
        try {
            out = router().dispatch(new ApiRequest(req.getMethod(), path, query(req.getQueryString()), body(req)));
        } catch (ApiProblem p) {
            out = p.toResponse();
            if (p.status() == 405) {
                out.header("Allow", router().allow(path));
            }
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", req.getMethod(), req.getRequestURI(), e);
            out = new ApiProblem(500, "internal", "Internal error", String.valueOf(e), null, null).toResponse();
        }
        write(resp, out);
    }

    private String path(HttpServletRequest req) {
        String full = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        String p = full.startsWith(prefix) ? full.substring(prefix.length()) : full;
        return p.isEmpty() ? "/" : p;
    }

    /**
     * The query parameters, parsed from the query string only: {@code getParameterMap} would consume a
     * form-encoded body (what {@code curl -d} sends by default) before the resource reads it as JSON.
     */
    static Map<String, String> query(String queryString) {
        Map<String, String> q = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return q;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            q.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return q;
    }

    /** One query component; a malformed %-escape is the client's error (400), not an internal one (found by fuzzing). */
    private static String decode(String component) {
        try {
            return URLDecoder.decode(component, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("malformed query string: " + e.getMessage());
        }
    }

    /** The body, at most {@link #MAX_BODY} bytes, whether or not the client declared its length. */
    static byte[] body(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY) {
            throw tooLarge();
        }
        try (InputStream in = req.getInputStream()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw tooLarge();
            }
            return b;
        }
    }

    private static ApiProblem tooLarge() {
        return new ApiProblem(413, "too-large", "Request body too large",
                "request bodies are limited to " + MAX_BODY + " bytes", null, null);
    }

    static void write(HttpServletResponse resp, ApiResponse out) throws IOException {
        resp.setStatus(out.status());
        out.headers().forEach(resp::setHeader);
        resp.setHeader("Cache-Control", "no-store");
        if (out.body() == null) {
            return;
        }
        byte[] bytes = out.body().getBytes(StandardCharsets.UTF_8);
        resp.setContentType(out.contentType());
        resp.setContentLength(bytes.length);
        try (OutputStream os = resp.getOutputStream()) {
            os.write(bytes);
        }
    }
}
