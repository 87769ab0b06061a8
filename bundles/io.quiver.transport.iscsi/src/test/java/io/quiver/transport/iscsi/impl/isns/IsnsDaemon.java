package io.quiver.transport.iscsi.impl.isns;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: Open-iSNS's {@code isnsd} (Debian's open-isns-server) on 127.0.0.1 and a free port, with its
 * database, PID file and control socket in a directory of its own, no authentication and the default discovery
 * domain; {@link #admin} runs {@code isnsadm} against it through the control socket. {@link #restart} starts it
 * again with an empty database, as a replaced server would be. Skips the test where isnsd is not installed.
 */
final class IsnsDaemon implements AutoCloseable {

    static final String ISNSD = "/usr/sbin/isnsd";

    final int port;
    private final Path dir;
    private Process process;

    IsnsDaemon() throws Exception {
        String missing = "isnsd not installed (apt-get install open-isns-server open-isns-utils)";
        if (System.getenv("QUIVER_CI") != null) {
            // CI installs it (.ci/run): there a missing server is a failure, not a skip.
            assertTrue(Files.isExecutable(Path.of(ISNSD)), missing);
        }
        assumeTrue(Files.isExecutable(Path.of(ISNSD)), missing);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("quiver-isnsd");
        Files.writeString(dir.resolve("isnsd.conf"), String.join("\n",
                "SourceName = isns.quiver.test", "BindAddress = 127.0.0.1:" + port,
                "ServerAddress = 127.0.0.1:" + port, "Database = " + dir.resolve("db"),
                "PIDFile = " + dir.resolve("isnsd.pid"), "ControlSocket = " + dir.resolve("control"),
                "Security = 0", "DefaultDiscoveryDomain = 1", "SLPRegister = 0", "ESIMinInterval = 1s", ""));
        Files.writeString(dir.resolve("isnsadm.conf"), String.join("\n",
                "SourceName = iqn.2026-12.io.quiver:isnsadm", "ServerAddress = 127.0.0.1:" + port,
                "ControlSocket = " + dir.resolve("control"), "Security = 0", ""));
        start();
    }

    private void start() throws Exception {
        Files.createDirectories(dir.resolve("db"));
        process = new ProcessBuilder(ISNSD, "--config", dir.resolve("isnsd.conf").toString(), "--foreground", "--debug", "all")
                .redirectErrorStream(true).redirectOutput(dir.resolve("isnsd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("isnsd did not start: " + log());
                }
                Thread.sleep(100);
            }
        }
    }

    /** Stops the server, forgets everything it knew, and starts it again on the same port. */
    void restart() throws Exception {
        stop();
        try (var files = Files.walk(dir.resolve("db"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        start();
    }

    /** {@code isnsadm --local} with {@code args}: its output. */
    String admin(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("isnsadm", "--config", dir.resolve("isnsadm.conf").toString(),
                "--local"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    String log() throws IOException {
        Path log = dir.resolve("isnsd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
