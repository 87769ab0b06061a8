package io.quiver.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A client of Quiver's REST API (/quiver/...) for the ITs: the JDK's HTTP client with Basic
 * authentication, every response body kept so a test can check afterwards that no response carried a
 * secret. One test thread.
 */
final class RestClient {

    /** One exchange's outcome. */
    static final class Reply {
        final int status;
        final String contentType;
        final String body;
        final HttpResponse<String> raw;

        Reply(HttpResponse<String> r) {
            this.raw = r;
            this.status = r.statusCode();
            this.contentType = r.headers().firstValue("Content-Type").orElse("");
            this.body = r.body();
        }

        Object json() {
            return Json.parse(body);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;
    private final List<String> bodies = new ArrayList<>();

    /** A client of {@code http://127.0.0.1:port/quiver} as {@code user} (no authentication if null). */
    RestClient(int port, String user, String password) {
        this.base = "http://127.0.0.1:" + port + "/quiver";
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    Reply send(String method, String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        Reply r = new Reply(http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        bodies.add(r.body);
        return r;
    }

    Reply json(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, "application/json", body);
    }

    /** Every response body received so far. */
    List<String> bodies() {
        return List.copyOf(bodies);
    }
}
