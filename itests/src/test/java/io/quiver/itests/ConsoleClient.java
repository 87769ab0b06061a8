package io.quiver.itests;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Quiver page of the Web Console driven through its own HTTP endpoints the way its script does in a
 * browser: Basic authentication, the session cookie, the CSRF token read from the page ({@code data-csrf})
 * and sent back in {@code X-Quiver-CSRF} with every POST to {@code /action}, and {@code features.json}
 * polled until a hot-deploy job ends. One test thread.
 */
final class ConsoleClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
    private final String page;
    private final String authorization;
    private String csrf;

    ConsoleClient(int httpPort, String user, String password) {
        this.page = "http://127.0.0.1:" + httpPort + "/system/console/quiver";
        this.authorization = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** GET of the page (which also starts the session and yields its CSRF token); returns the HTML. */
    String page() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(page)).GET());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + page + ": " + r.statusCode() + " " + r.body());
        }
        Matcher m = Pattern.compile("data-csrf=\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF token in the page: " + r.body());
        }
        csrf = m.group(1);
        return r.body();
    }

    /** The features table as the page polls it: the offered features by name. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> features() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(page + "/features.json")).GET());
        if (r.statusCode() != 200) {
            throw new AssertionError("features.json: " + r.statusCode() + " " + r.body());
        }
        List<Object> list = (List<Object>) Json.at(Json.parse(r.body()), "features");
        return list.stream().map(o -> (Map<String, Object>) o)
                .collect(Collectors.toMap(f -> (String) f.get("name"), f -> f, (a, b) -> a, java.util.TreeMap::new));
    }

    /** POST /action as the page's buttons do; returns the answer's status and JSON body. */
    HttpResponse<String> post(Map<String, String> form) throws Exception {
        if (csrf == null) {
            page();
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(page + "/action")).header("X-Quiver-CSRF", csrf)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Presses a feature's {@code install}/{@code uninstall}/{@code update} button and waits (up to 180 s) for
     * the job to end; returns the job ({@code action}, {@code state} done or failed, {@code message}).
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> feature(String action, String name) throws Exception {
        HttpResponse<String> accepted = post(Map.of("op", "feature", "action", action, "feature", name));
        if (accepted.statusCode() != 200) {
            throw new AssertionError(action + " " + name + " refused: " + accepted.statusCode() + " " + accepted.body());
        }
        for (long end = System.nanoTime() + 180_000_000_000L; System.nanoTime() < end; Thread.sleep(250)) {
            Map<String, Object> job = (Map<String, Object>) features().get(name).get("job");
            if (job != null && !"running".equals(job.get("state"))) {
                return job;
            }
        }
        throw new AssertionError(action + " " + name + " still running after 180 s");
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.header("Authorization", authorization).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
