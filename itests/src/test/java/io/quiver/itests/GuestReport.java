package io.quiver.itests;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@link LinuxGuest} run printed: its verdicts in order ({@code CHECK name PASS|FAIL|SKIP reason}),
 * each failed check's output (the indented lines after it), whether the guest's script ran to its end
 * ({@code GUEST EXIT}), and the console's tail. Filled by the console reader thread, read by the test thread
 * after it has joined the reader.
 */
final class GuestReport {

    private static final Pattern CHECK = Pattern.compile("CHECK (\\S+) (PASS|FAIL|SKIP)\\s*(.*)");
    private static final Pattern EXIT = Pattern.compile("GUEST EXIT (\\d+)");

    /** One check's outcome; {@code detail} is the reason of a skip, or a failure's output. */
    record Verdict(String result, String detail) {
    }

    private final String family;
    private final Map<String, Verdict> verdicts = new LinkedHashMap<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private String lastFailed;
    private int exit = -1;

    GuestReport(String family) {
        this.family = family;
    }

    synchronized void consoleLine(String line) {
        tail.addLast(line);
        if (tail.size() > 200) {
            tail.removeFirst();
        }
        Matcher m = CHECK.matcher(line);
        Matcher e = EXIT.matcher(line);
        if (m.find()) {
            verdicts.put(m.group(1), new Verdict(m.group(2), m.group(3)));
            lastFailed = "FAIL".equals(m.group(2)) ? m.group(1) : null;
        } else if (lastFailed != null && line.startsWith("    | ")) {
            Verdict v = verdicts.get(lastFailed);
            verdicts.put(lastFailed, new Verdict(v.result(), v.detail() + "\n" + line.substring(6)));
        } else if (e.find()) {
            exit = Integer.parseInt(e.group(1));
        }
    }

    synchronized Map<String, Verdict> verdicts() {
        return new LinkedHashMap<>(verdicts);
    }

    synchronized String consoleTail(int lines) {
        List<String> all = new ArrayList<>(tail);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * Fails unless the script ran to its end, printed at least {@code minimumChecks} verdicts and none failed;
     * the message lists every failed check with its output.
     */
    synchronized void assertNoFailure(int minimumChecks) {
        StringBuilder failed = new StringBuilder();
        verdicts.forEach((name, v) -> {
            if ("FAIL".equals(v.result())) {
                failed.append("\n  ").append(name).append(": ").append(v.detail());
            }
        });
        if (exit < 0) {
            throw new AssertionError(family + ": the guest's script did not finish; console tail:\n" + consoleTail(60));
        }
        if (failed.length() > 0) {
            throw new AssertionError(family + ": failed checks:" + failed);
        }
        if (verdicts.size() < minimumChecks) {
            throw new AssertionError(family + ": only " + verdicts.size() + " checks ran; console tail:\n" + consoleTail(60));
        }
    }

    /** Fails if any check was skipped: against Quiver, every feature these checks need is there. */
    synchronized void assertNoSkip() {
        StringBuilder skipped = new StringBuilder();
        verdicts.forEach((name, v) -> {
            if ("SKIP".equals(v.result())) {
                skipped.append("\n  ").append(name).append(": ").append(v.detail());
            }
        });
        if (skipped.length() > 0) {
            throw new AssertionError(family + ": skipped checks:" + skipped);
        }
    }

    /** Fails unless the script ran to its end with at least {@code minimumChecks} verdicts (failures allowed). */
    synchronized void assertRan(int minimumChecks) {
        if (exit < 0 || verdicts.size() < minimumChecks) {
            throw new AssertionError(family + ": the guest's script did not finish with " + minimumChecks
                    + " checks; console tail:\n" + consoleTail(60));
        }
    }

    /** "12 passed, 0 failed, 1 skipped". */
    synchronized String summary() {
        long pass = verdicts.values().stream().filter(v -> "PASS".equals(v.result())).count();
        long fail = verdicts.values().stream().filter(v -> "FAIL".equals(v.result())).count();
        return pass + " passed, " + fail + " failed, " + (verdicts.size() - pass - fail) + " skipped";
    }
}
