package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Assume;
import org.junit.Test;

/**
 * The REST API of the default distribution, unpacked and run by {@code bin/start}: 401 without or with
 * wrong credentials; the entry points at the API's base URL; the tree root; a nullio device and a LUN created through REST and seen over iSCSI;
 * an attribute set (the initiator sees the new product id); a command run; a problem+json naming the
 * attribute; a CHAP target whose secrets appear in no response; the OpenAPI document; the config tool's
 * written file passing its own check; the device's Prometheus counters moving with iSCSI commands;
 * deletion; the body limit.
 */
public class RestApiIT {

    private static final int PORT_BASE = 30010;
    private static final int HTTP_PORT = PORT_BASE;
    private static final int ISCSI_PORT = PORT_BASE + 2;
    private static final String TARGET = "iqn.2026-11.io.quiver:default";
    private static final String DEVICE = "/tree/handlers/vdisk_nullio/restdisk";
    private static final String LUN = "/tree/targets/iscsi/" + TARGET + "/luns/5";
    private static final String SECRET = "bob-secret-4321";
    private static final String OUT_SECRET = "tgt-secret-8765";

    @Test
    public void restApiManagesTheTreeAndExposesMetrics() throws Exception {
        Assume.assumeTrue("libiscsi-bin is not installed", Files.isExecutable(Path.of("/usr/bin/iscsi-inq")));
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/rest-api"),
                System.getProperty("java.home"), PORT_BASE)) {
            q.start();
            UnpackedDistribution.awaitListening(ISCSI_PORT);
            // The web server starts after the data path (start level 30 against 25).
            UnpackedDistribution.awaitListening(HTTP_PORT);
            String password = Files.readString(q.home().resolve("etc/admin.password")).trim();
            RestClient anonymous = new RestClient(HTTP_PORT, null, null);
            RestClient intruder = new RestClient(HTTP_PORT, "admin", password + "x");
            RestClient admin = new RestClient(HTTP_PORT, "admin", password);

            RestClient.Reply denied = await(() -> anonymous.get("/api/v1/tree"), r -> r.status == 401);
            assertEquals(denied.toString(), "Basic realm=\"karaf\", charset=\"UTF-8\"",
                    denied.raw.headers().firstValue("WWW-Authenticate").orElse(null));
            assertEquals(401, intruder.get("/api/v1/tree").status);
            assertEquals(401, anonymous.get("/metrics").status);

            RestClient.Reply root = await(() -> admin.get("/api/v1/tree/"), r -> r.status == 200);
            assertTrue(root.toString(), root.contentType.startsWith("application/json"));
            List<?> children = (List<?>) Json.at(root.json(), "children");
            assertTrue(root.body, children.containsAll(List.of("handlers", "targets", "sessions")));
            for (String base : List.of("/api/v1/", "/api/v1")) {
                RestClient.Reply index = admin.get(base);
                assertEquals(index.toString(), 200, index.status);
                assertEquals("/quiver/api/v1/tree", Json.at(index.json(), "links", "tree", "href"));
                assertEquals("/quiver/api/v1/openapi.json", Json.at(index.json(), "links", "openapi", "href"));
                assertEquals("/quiver/api/v1/config", Json.at(index.json(), "links", "config", "href"));
            }

            RestClient.Reply created = admin.json("POST", "/api/v1/tree/handlers/vdisk_nullio",
                    "{\"name\": \"restdisk\", \"attributes\": {\"size\": 67108864}}");
            assertEquals(created.toString(), 201, created.status);
            assertEquals("/quiver/api/v1" + DEVICE, created.raw.headers().firstValue("Location").orElse(null));
            assertEquals(201, admin.json("POST", "/api/v1/tree/targets/iscsi/" + TARGET + "/luns",
                    "{\"name\": \"5\", \"attributes\": {\"device\": \"restdisk\"}}").status);
            await(() -> admin.get("/api/v1" + DEVICE), r -> r.status == 200 && "true".equals(attribute(r, "attached")));
            String url = "iscsi://127.0.0.1:" + ISCSI_PORT + "/" + TARGET + "/5";
            await(() -> tool("iscsi-inq", url), o -> o.contains("Product:restdisk"));

            assertEquals(204, admin.json("PUT", "/api/v1" + DEVICE + "/attributes/prod_id", "{\"value\": \"RESTPROD\"}").status);
            RestClient.Reply changed = await(() -> admin.get("/api/v1" + DEVICE), r -> "RESTPROD".equals(attribute(r, "prod_id")));
            assertEquals(Boolean.TRUE, Json.at(changed.json(), "attributes", "prod_id", "key"));
            await(() -> tool("iscsi-inq", url), o -> o.contains("Product:RESTPROD"));

            RestClient.Reply bad = admin.json("PUT", "/api/v1" + DEVICE + "/attributes/size", "{\"value\": \"huge\"}");
            assertEquals(bad.toString(), 422, bad.status);
            assertTrue(bad.toString(), bad.contentType.startsWith("application/problem+json"));
            assertEquals("size", Json.at(bad.json(), "attribute"));
            assertEquals("/handlers/vdisk_nullio/restdisk", Json.at(bad.json(), "path"));
            assertEquals(404, admin.get("/api/v1/tree/handlers/vdisk_nullio/nosuchdisk").status);
            assertEquals(413, admin.send("POST", "/api/v1/config/check", "text/plain", "#".repeat((1 << 20) + 1)).status);

            long before = deviceCommands(admin);
            assertTrue(tool("iscsi-inq", url).startsWith("exit 0"));
            String capacity = tool("iscsi-readcapacity16", url);
            assertTrue(capacity, capacity.startsWith("exit 0"));
            long after = deviceCommands(admin);
            assertTrue("commands " + before + " -> " + after, after >= before + 2);
            String metrics = admin.get("/metrics").body;
            assertTrue(metrics, metrics.contains("# TYPE quiver_device_latency_seconds histogram"));
            assertTrue(metrics, metrics.contains("quiver_device_latency_seconds_bucket{name=\"restdisk\",path=\"/handlers/vdisk_nullio/restdisk\",le=\"+Inf\"} " + after));
            assertTrue(metrics, metrics.contains("quiver_target_commands_total{name=\"" + TARGET + "\""));

            RestClient.Reply reset = admin.json("POST", "/api/v1" + DEVICE + "/commands/reset_statistics", "{}");
            assertEquals(reset.toString(), 200, reset.status);
            assertNotNull(Json.at(reset.json(), "result"));
            assertEquals(0, deviceCommands(admin));

            String chap = "iqn.2026-11.io.quiver:rest";
            assertEquals(201, admin.json("POST", "/api/v1/tree/targets/iscsi",
                    "{\"name\": \"" + chap + "\", \"attributes\": {\"IncomingUser\": [\"bob " + SECRET + "\"]}}").status);
            assertEquals(204, admin.json("PUT", "/api/v1/tree/targets/iscsi/" + chap + "/attributes/OutgoingUser",
                    "{\"value\": \"tgt " + OUT_SECRET + "\"}").status);
            RestClient.Reply target = await(() -> admin.get("/api/v1/tree/targets/iscsi/" + chap), r -> r.status == 200);
            assertEquals(Boolean.TRUE, Json.at(target.json(), "attributes", "IncomingUser", "secret"));
            admin.get("/api/v1/tree/targets/iscsi?children=true");
            admin.get("/metrics");
            RestClient.Reply openapi = admin.get("/api/v1/openapi.json");
            assertEquals(200, openapi.status);
            assertTrue(openapi.body, String.valueOf(Json.at(openapi.json(), "openapi")).startsWith("3."));
            RestClient.Reply config = admin.get("/api/v1/config");
            assertEquals(config.toString(), 200, config.status);
            assertTrue(config.body, config.body.contains("DEVICE restdisk"));
            RestClient.Reply check = admin.send("POST", "/api/v1/config/check?file=written.conf", "text/plain", config.body);
            assertEquals(check.toString(), Boolean.TRUE, Json.at(check.json(), "ok"));
            for (String body : admin.bodies()) {
                assertFalse("a response carried a secret: " + body, body.contains(SECRET) || body.contains(OUT_SECRET));
            }

            assertEquals(204, admin.send("DELETE", "/api/v1" + LUN, null, null).status);
            assertEquals(204, admin.send("DELETE", "/api/v1/tree/targets/iscsi/" + chap, null, null).status);
            await(() -> admin.get("/api/v1" + LUN), r -> r.status == 404);
            assertEquals(204, admin.send("DELETE", "/api/v1" + DEVICE, null, null).status);
            await(() -> admin.get("/api/v1" + DEVICE), r -> r.status == 404);
            q.stop();
        }
    }

    /** The device's commands counter from /quiver/metrics. */
    private static long deviceCommands(RestClient admin) throws Exception {
        String text = admin.get("/metrics").body;
        Matcher m = Pattern.compile("quiver_device_commands_total\\{name=\"restdisk\",[^}]*\\} (\\d+)").matcher(text);
        assertTrue(text, m.find());
        return Long.parseLong(m.group(1));
    }

    private static String attribute(RestClient.Reply r, String name) {
        Object v = Json.at(r.json(), "attributes", name, "value");
        return v == null ? null : v.toString();
    }

    /** Polls {@code call} for up to 30 s until {@code done} holds; fails with the last result. */
    private static <T> T await(Callable<T> call, java.util.function.Predicate<T> done) throws Exception {
        T last = null;
        for (long deadline = System.nanoTime() + 30_000_000_000L; System.nanoTime() < deadline;) {
            last = call.call();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("gave up waiting; last: " + last);
    }

    /** Runs a libiscsi tool; returns its exit status and output as one string ("exit N" first). */
    private static String tool(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return "exit " + p.waitFor() + "\n" + out;
    }
}
