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
 * against LUN 0 of the default distribution started as a user starts it (fileio, 1 GiB sparse; the same
 * URL twice, for MultipathIO) and against a thin ramdisk LUN 1 added to it.
 *
 * <p>The test fails on any failure that {@code conformance-known-failures.txt} does not list with its
 * reason (docs/conformance.md explains each), and on any listed test that now passes, so the list only
 * ever shrinks. Logs and the summary stay in {@code target/conformance/}.
 */
public class ConformanceIT {

    private static final int PORT_BASE = 28200;
    private static final String TARGET = "iqn.2026-11.io.quiver:default";
    private static final String THIN_PREFIX = "thin:";

    @Test
    public void iscsiTestCuFindsNoUnexpectedFailure() throws Exception {
        Assume.assumeTrue("libiscsi-bin is not installed (.ci/run installs it)", Files.isExecutable(Path.of("/usr/bin/iscsi-test-cu")));
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        Path out = Path.of("target/conformance");
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, Path.of("target/conformance-run"),
                System.getProperty("java.home"), PORT_BASE)) {
            addThinRamdiskLun(q.home());
            q.start();
            UnpackedDistribution.awaitListening(PORT_BASE + 2);
            String base = "iscsi://127.0.0.1:" + (PORT_BASE + 2) + "/" + TARGET + "/";
            ConformanceRun run = new ConformanceRun(out.resolve("logs"));
            for (String suite : ConformanceRun.suites()) {
                // The same URL twice gives MultipathIO its two sessions to one LU.
                run.runSuite("", suite, List.of(base + "0", base + "0"), 600);
            }
            for (String suite : ConformanceRun.suites()) {
                run.runSuite(THIN_PREFIX, suite, List.of(base + "1"), 600);
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

    /**
     * LUN 1: a thin (ramdisk) LU, so the provisioning suites (UNMAP, WRITE SAME with UNMAP, GET LBA STATUS,
     * Block Limits) run too; its results are named {@value #THIN_PREFIX}Suite.Test.
     */
    private static void addThinRamdiskLun(Path home) throws IOException {
        Files.writeString(home.resolve("etc/io.quiver.handler.ramdisk-thin1.cfg"), "name = thin1\nsize = 134217728\n");
        Files.writeString(home.resolve("etc/io.quiver.core.lun-default1.cfg"),
                "target = " + TARGET + "\nlun = 1\ndevice = thin1\n");
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
