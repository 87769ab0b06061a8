package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.Assume;
import org.junit.Test;

/**
 * libiscsi's conformance suite, {@code iscsi-test-cu -d -S}, every suite of family ALL in its own process,
 * against LUN 0 of the default distribution started as a user starts it (fileio, 1 GiB sparse).
 *
 * <p>The test fails on any failure that {@code conformance-known-failures.txt} does not list with its
 * reason (docs/conformance.md explains each), and on any listed test that now passes, so the list only
 * ever shrinks. Logs and the summary stay in {@code target/conformance/}.
 */
public class ConformanceIT {

    private static final int PORT_BASE = 28200;
    private static final String TARGET = "iqn.2026-11.io.quiver:default";

    @Test
    public void iscsiTestCuFindsNoUnexpectedFailure() throws Exception {
        Assume.assumeTrue("libiscsi-bin is not installed (.ci/run installs it)", Files.isExecutable(Path.of("/usr/bin/iscsi-test-cu")));
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        Path out = Path.of("target/conformance");
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/conformance-run"),
                System.getProperty("java.home"), PORT_BASE)) {
            q.start();
            UnpackedDistribution.awaitListening(PORT_BASE + 2);
            String url = "iscsi://127.0.0.1:" + (PORT_BASE + 2) + "/" + TARGET + "/0";
            ConformanceRun run = new ConformanceRun(out.resolve("logs"));
            for (String suite : ConformanceRun.suites()) {
                run.runSuite(suite, List.of(url), 600);
            }
            String total = run.writeSummary(out.resolve("summary.txt"));
            System.out.println("iscsi-test-cu: " + total);
            q.stop();

            Map<String, String> known = knownFailures();
            Map<String, ConformanceRun.Outcome> outcomes = run.outcomes();
            List<String> unexpected = outcomes.entrySet().stream()
                    .filter(e -> e.getValue() == ConformanceRun.Outcome.FAIL && !known.containsKey(e.getKey()))
                    .map(Map.Entry::getKey).collect(Collectors.toList());
            List<String> fixed = known.keySet().stream()
                    .filter(name -> outcomes.get(name) != ConformanceRun.Outcome.FAIL)
                    .collect(Collectors.toList());
            assertTrue("too few tests ran: " + total, outcomes.size() >= 200);
            assertEquals("failures not in conformance-known-failures.txt (see target/conformance/)", List.of(), unexpected);
            assertEquals("known failures that no longer fail: remove them from conformance-known-failures.txt", List.of(), fixed);
        }
    }

    private static Map<String, String> knownFailures() throws IOException {
        Map<String, String> known = new TreeMap<>();
        try (var in = ConformanceIT.class.getResourceAsStream("conformance-known-failures.txt")) {
            for (String line : new String(in.readAllBytes()).split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    String[] parts = l.split("\\s+", 2);
                    known.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
        }
        return known;
    }
}
