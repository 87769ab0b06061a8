package io.quiver.itests;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Minimal HTTP GET for the ITs (the JDK's client; nothing to install in the container). Stateless.
 */
final class HttpProbe {

    private HttpProbe() {
    }

    /**
     * The status code of GET {@code url}, with basic authentication when {@code user} is not null;
     * -1 when the connection is refused.
     */
    static int status(String url, String user, String password) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(30000);
        c.setInstanceFollowRedirects(false);
        if (user != null) {
            String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            c.setRequestProperty("Authorization", "Basic " + token);
        }
        try {
            return c.getResponseCode();
        } catch (ConnectException refused) {
            return -1;
        } finally {
            c.disconnect();
        }
    }

    /** Polls until GET answers {@code expected} or 60 s pass; returns the last status seen. */
    static int awaitStatus(String url, String user, String password, int expected) throws IOException, InterruptedException {
        int last = -1;
        for (long deadline = System.nanoTime() + 60_000_000_000L; System.nanoTime() < deadline;) {
            last = status(url, user, password);
            if (last == expected) {
                return last;
            }
            Thread.sleep(250);
        }
        return last;
    }
}
