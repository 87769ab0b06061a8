package io.quiver.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A distribution tarball unpacked into a fresh directory and run through its own scripts
 * ({@code bin/start}, {@code bin/stop}), as a user would. Used by one test thread.
 */
final class UnpackedDistribution implements AutoCloseable {

    private final Path home;
    private final String javaHome;
    private final int portBase;

    private UnpackedDistribution(Path home, String javaHome, int portBase) {
        this.home = home;
        this.javaHome = javaHome;
        this.portBase = portBase;
    }

    /** Unpacks {@code tarball} under {@code parent} and moves its ports to {@code portBase + 0..5}. */
    static UnpackedDistribution unpack(Path tarball, Path parent, String javaHome, int portBase) throws Exception {
        if (Files.exists(parent)) {
            run(parent.getParent(), Map.of(), "rm", "-rf", parent.getFileName().toString());
        }
        Files.createDirectories(parent);
        run(parent, Map.of(), "tar", "xzf", tarball.toString());
        String dir = tarball.getFileName().toString().replace(".tar.gz", "");
        Path home = parent.resolve(dir);
        Path props = home.resolve("etc/system.properties");
        String text = Files.readString(props)
                .replace("quiver.http.port = 8181", "quiver.http.port = " + portBase)
                .replace("quiver.ssh.port = 8101", "quiver.ssh.port = " + (portBase + 1))
                .replace("quiver.iscsi.port = 3260", "quiver.iscsi.port = " + (portBase + 2))
                .replace("quiver.rmi.registry.port = 1099", "quiver.rmi.registry.port = " + (portBase + 3))
                .replace("quiver.rmi.server.port = 44444", "quiver.rmi.server.port = " + (portBase + 4));
        Files.writeString(props, text);
        return new UnpackedDistribution(home, javaHome, portBase);
    }

    Path home() {
        return home;
    }

    /** Adds Quiver feature {@code feature} (this build's version) to the boot features, after quiver-nullio. */
    void addBootFeature(String feature) throws IOException {
        Path features = home.resolve("etc/org.apache.karaf.features.cfg");
        String text = Files.readString(features);
        String version = System.getProperty("quiver.version").replace("-SNAPSHOT", ".SNAPSHOT");
        String nullio = "quiver-nullio/" + version + ", \\\n";
        if (!text.contains(nullio)) {
            throw new AssertionError("featuresBoot has no " + nullio.trim() + ": " + text);
        }
        Files.writeString(features, text.replace(nullio, nullio + "    " + feature + "/" + version + ", \\\n"));
    }

    /** Runs {@code bin/start}; returns what the script printed (the first start prints the password). */
    String start() throws Exception {
        return run(home, Map.of("JAVA_HOME", javaHome), "bin/start");
    }

    /** The JVM's process id, from the pid file Karaf writes, or -1 while there is none. */
    long pid() throws IOException {
        Path pidFile = home.resolve("karaf.pid");
        if (!Files.exists(pidFile)) {
            return -1;
        }
        String s = Files.readString(pidFile).trim();
        return s.isEmpty() ? -1 : Long.parseLong(s);
    }

    /** Resident set size of the JVM in KiB, from /proc. */
    long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Runs {@code bin/stop} and waits up to 60 s for the JVM to exit. */
    void stop() throws Exception {
        long pid = pid();
        run(home, Map.of("JAVA_HOME", javaHome), "bin/stop");
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(p -> {
                try {
                    p.onExit().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                    throw new AssertionError("Quiver did not stop within 60 s", e);
                }
            });
        }
    }

    /** Waits up to 90 s until something accepts connections on 127.0.0.1:{@code port}. */
    static void awaitListening(int port) throws InterruptedException {
        for (long deadline = System.nanoTime() + 90_000_000_000L; System.nanoTime() < deadline;) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("nothing listens on 127.0.0.1:" + port + " after 90 s");
    }

    /**
     * Runs shell commands as admin through {@code bin/client} on this distribution's SSH port (batch mode,
     * the commands on stdin, one a line); returns what they printed. The data path starts before SSH (start
     * level 25 against 30), so a distribution whose LUNs answer may not take shell sessions yet: until it
     * does (up to 90 s) the call is repeated, which is safe because no command ran.
     */
    String client(String... commands) throws Exception {
        awaitListening(portBase + 1);
        for (long deadline = System.nanoTime() + 90_000_000_000L;;) {
            try {
                return clientOnce(commands);
            } catch (ShellNotReady e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("bin/client " + String.join("; ", commands) + " failed: " + e.getMessage());
                }
                Thread.sleep(500);
            }
        }
    }

    /** bin/client reached SSH but got no shell session: the shell is not up yet. */
    private static final class ShellNotReady extends Exception {
        ShellNotReady(String output) {
            super(output);
        }
    }

    private String clientOnce(String... commands) throws Exception {
        String password = Files.readString(home.resolve("etc/admin.password")).trim();
        ProcessBuilder pb = new ProcessBuilder("bin/client", "-a", String.valueOf(portBase + 1), "-u", "admin", "-p", password, "-b")
                .directory(home.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", javaHome);
        Process p = pb.start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            // "No matching features": SSH answered before the features service had read its repositories
            // (seen once under load in RbdTwoOsdIT's first feature:install); the failing command did nothing
            if (out.contains("Failed to get the session") || out.contains("Connection refused")
                    || (commands.length == 1 && out.contains("No matching features"))) {
                throw new ShellNotReady(out);
            }
            throw new AssertionError("bin/client " + String.join("; ", commands) + " failed: " + out);
        }
        return out;
    }

    boolean running() throws IOException {
        long pid = pid();
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void close() throws IOException {
        if (running()) {
            ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    static String run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
