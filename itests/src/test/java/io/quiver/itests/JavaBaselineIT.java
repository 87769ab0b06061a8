package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Assume;
import org.junit.Test;

/**
 * Java 25 is Quiver's baseline. On a machine whose default {@code java} is older (this one's is 17), the
 * distribution's scripts find a JDK 25 by themselves; where there is none they refuse to start and say
 * what to install. Both as a user runs them: {@code bin/start} of the unpacked tar.gz.
 */
public class JavaBaselineIT {

    private static final Path JDK17 = Path.of(System.getProperty("quiver.it.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"));

    @Test
    public void olderDefaultJavaOnThePathFindsAJdk25ByItself() throws Exception {
        Assume.assumeTrue("no JDK 17 at " + JDK17 + " to play the older default java", Files.isExecutable(JDK17.resolve("bin/java")));
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/java-baseline-found"), System.getProperty("java.home"), 28280)) {
            // No JAVA_HOME, and java 17 first on the PATH: what a fresh Debian machine with Temurin 25 beside it has.
            Result r = script(q.home(), Map.of("PATH", JDK17.resolve("bin") + ":/usr/bin:/bin"), "bin/start");
            assertEquals(r.output, 0, r.exit);
            String console = "http://127.0.0.1:28280/system/console/bundles";
            assertEquals(401, HttpProbe.awaitStatus(console, null, null, 401));
            Path exe = Files.readSymbolicLink(Path.of("/proc/" + q.pid() + "/exe"));
            assertNotEquals("Quiver runs on the older default java: " + exe, JDK17.resolve("bin/java"), exe);
            Result version = script(q.home(), Map.of(), exe.toString(), "-version");
            int feature = Integer.parseInt(version.output.replaceAll("(?s).*version \"(\\d+).*", "$1"));
            assertTrue("Quiver runs on Java " + feature, feature >= 25);
            q.stop();
        }
    }

    @Test
    public void withoutAJdk25TheScriptsRefuseAndSayWhatToInstall() throws Exception {
        Assume.assumeTrue("no JDK 17 at " + JDK17 + " to play the only java", Files.isExecutable(JDK17.resolve("bin/java")));
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/java-baseline-refused"), JDK17.toString(), 28290)) {
            Result r = script(q.home(), Map.of("JAVA_HOME", JDK17.toString(), "QUIVER_JDK_SEARCH", "/nonexistent/*"), "bin/start");
            assertNotEquals("bin/start must fail without Java 25: " + r.output, 0, r.exit);
            assertTrue(r.output, r.output.contains("Quiver needs Java 25 or later, but found Java 17 at " + JDK17));
            assertTrue(r.output, r.output.contains("Install a JDK 25"));
            Thread.sleep(2000);
            assertEquals("no JVM was started", -1, q.pid());
        }
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command with {@code env} on top of a clean environment (no JAVA_HOME unless given). */
    private static Result script(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(String.join(" ", command) + " did not end", p.waitFor(120, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }
}
