package io.quiver.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs libiscsi's {@code iscsi-test-cu} one suite per process (suites leak state into each other in
 * libiscsi 1.19) against one LUN URL, keeps each suite's log, and classifies every test as libiscsi's
 * verbose CUnit output shows it: PASS, FAIL (an assertion failed, or the suite's process never reached
 * CUnit), SKIP (passed but printed [SKIPPED]). Used by one thread.
 */
final class ConformanceRun {

    enum Outcome { PASS, FAIL, SKIP }

    private final Path logDir;
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
    private final Map<String, String> skipReasons = new LinkedHashMap<>();
    private String prefix = "";

    ConformanceRun(Path logDir) {
        this.logDir = logDir;
    }

    /** The suites of family ALL, from {@code iscsi-test-cu --list}. */
    static List<String> suites() throws Exception {
        Process p = new ProcessBuilder("iscsi-test-cu", "--list").redirectErrorStream(true).start();
        List<String> suites = new ArrayList<>();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            String[] parts = line.trim().split("\\.");
            if (parts.length == 2 && parts[0].equals("ALL")) {
                suites.add(parts[1]);
            }
        }
        p.waitFor();
        return suites;
    }

    /**
     * Runs one suite with {@code -d -S} (destructive and sanitize tests allowed); its tests are named
     * {@code prefix + Suite.Test}.
     */
    void runSuite(String prefix, String suite, List<String> urls, long timeoutSeconds) throws Exception {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(prefix.replace(":", "-") + suite + ".log");
        this.prefix = prefix;
        List<String> cmd = new ArrayList<>(List.of("iscsi-test-cu", "-d", "-S", "-t", "ALL." + suite));
        cmd.addAll(urls);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        int tests = parse(Files.readAllLines(log));
        if (!finished || (p.exitValue() != 0 && p.exitValue() != 1) || tests == 0) {
            outcomes.put(prefix + suite + ".(suite)", Outcome.FAIL);
            skipReasons.put(prefix + suite + ".(suite)", finished ? "exit " + p.exitValue() + ", " + tests + " tests" : "timed out");
        }
    }

    private int parse(List<String> lines) {
        String suite = null;
        String test = null;
        boolean skipped = false;
        boolean failed = false;
        String reason = "";
        int count = 0;
        for (String line : lines) {
            if (line.startsWith("Suite: ")) {
                record(suite, test, failed, skipped, reason);
                suite = line.substring(7).trim();
                test = null;
            } else if (line.startsWith("  Test: ")) {
                record(suite, test, failed, skipped, reason);
                String t = line.substring(8);
                int dots = t.indexOf(" ...");
                test = dots >= 0 ? t.substring(0, dots) : t;
                failed = false;
                skipped = false;
                reason = "";
                count++;
            }
            if (test != null) {
                if (line.contains("[SKIPPED]") && !skipped) {
                    skipped = true;
                    reason = line.substring(line.indexOf("[SKIPPED]") + 9).trim();
                }
                if (line.trim().equals("FAILED") || line.contains("...FAILED")) {
                    failed = true;
                }
                if (line.startsWith("Run Summary")) {
                    record(suite, test, failed, skipped, reason);
                    test = null;
                }
            }
        }
        record(suite, test, failed, skipped, reason);
        return count;
    }

    private void record(String suite, String test, boolean failed, boolean skipped, String reason) {
        if (suite == null || test == null) {
            return;
        }
        String name = prefix + suite + "." + test;
        outcomes.put(name, failed ? Outcome.FAIL : skipped ? Outcome.SKIP : Outcome.PASS);
        if (skipped && !failed) {
            skipReasons.put(name, reason);
        }
    }

    /** Takes in another run's outcomes and skip reasons (its tests keep their prefixed names). */
    void add(ConformanceRun other) {
        outcomes.putAll(other.outcomes);
        skipReasons.putAll(other.skipReasons);
    }

    Map<String, Outcome> outcomes() {
        return outcomes;
    }

    Map<String, String> skipReasons() {
        return skipReasons;
    }

    long count(Outcome o) {
        return outcomes.values().stream().filter(o::equals).count();
    }

    /** Writes one line per test and the totals; returns the summary line. */
    String writeSummary(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        outcomes.forEach((name, o) -> sb.append(String.format("%-4s %s%s%n", o, name,
                skipReasons.containsKey(name) ? "  (" + skipReasons.get(name) + ")" : "")));
        String total = String.format("TOTAL %d  PASS %d  FAIL %d  SKIP %d", outcomes.size(), count(Outcome.PASS),
                count(Outcome.FAIL), count(Outcome.SKIP));
        sb.append(total).append('\n');
        Files.writeString(file, sb);
        return total;
    }
}
