package io.quiver.itests;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Open-iSNS's server ({@code isnsd}, Debian's open-isns-server) on the host for an IT: bound to 127.0.0.1 and a
 * port the test chooses, with its configuration, database, PID file, control socket and log in a directory of
 * the test's (under {@code target/}), no authentication, the default discovery domain. {@link #list} asks it
 * through {@code isnsadm --local} (the control socket, no network). {@link #restart} brings it back with an
 * empty database, as a replaced server would come back. One test thread.
 */
final class Isnsd implements AutoCloseable {

    private static final Path ISNSD = Path.of("/usr/sbin/isnsd");

    private final Path dir;
    private final int port;
    private Process process;

    /** Starts isnsd on 127.0.0.1:{@code port} with its files in {@code dir} (created, emptied first). */
    Isnsd(Path dir, int port) throws Exception {
        if (!Files.isExecutable(ISNSD)) {
            throw new AssertionError("isnsd not installed (apt-get install open-isns-server open-isns-utils; .ci/run does)");
        }
        this.dir = dir;
        this.port = port;
        deleteDatabase();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("isnsd.conf"), String.join("\n", "SourceName = isns.quiver.it",
                "BindAddress = 127.0.0.1:" + port, "ServerAddress = 127.0.0.1:" + port, "Database = " + dir.resolve("db"),
                "PIDFile = " + dir.resolve("isnsd.pid"), "ControlSocket = " + dir.resolve("control"), "Security = 0",
                "DefaultDiscoveryDomain = 1", "SLPRegister = 0", "ESIMinInterval = 1s", ""));
        Files.writeString(dir.resolve("isnsadm.conf"), String.join("\n", "SourceName = iqn.2026-12.io.quiver:isnsadm",
                "ServerAddress = 127.0.0.1:" + port, "ControlSocket = " + dir.resolve("control"), "Security = 0", ""));
        start();
    }

    private void start() throws Exception {
        Files.createDirectories(dir.resolve("db"));
        process = new ProcessBuilder(ISNSD.toString(), "--config", dir.resolve("isnsd.conf").toString(), "--foreground")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("isnsd.log").toFile()))
                .start();
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);;) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError("isnsd did not start: " + Files.readString(dir.resolve("isnsd.log")));
                }
                Thread.sleep(100);
            }
        }
    }

    /** Stops the server, forgets its database and starts it again on the same port. */
    void restart() throws Exception {
        stop();
        deleteDatabase();
        start();
    }

    /** {@code isnsadm --list what} (nodes, portals, entities): what it printed. */
    String list(String what) throws Exception {
        return ProcessRun.run("isnsadm", "--config", dir.resolve("isnsadm.conf").toString(), "--local", "--list", what)
                .output;
    }

    /** {@link #list} until {@code ok} holds (polled for up to {@code seconds}); the last listing either way. */
    String awaitList(String what, Predicate<String> ok, int seconds) throws Exception {
        String out = list(what);
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                !ok.test(out) && System.nanoTime() < deadline; out = list(what)) {
            Thread.sleep(250);
        }
        return out;
    }

    private void deleteDatabase() throws IOException {
        if (Files.exists(dir.resolve("db"))) {
            try (Stream<Path> files = Files.walk(dir.resolve("db"))) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            stop();
        }
    }
}
