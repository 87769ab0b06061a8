package io.quiver.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The side-by-side table of {@link LinuxInitiatorIT}: one row per check of each family, one column per target
 * (Quiver, tgt), in Markdown as docs/conformance.md shows it. Runs on the test thread after the guests ended.
 */
final class LinuxInitiatorResults {

    private LinuxInitiatorResults() {
    }

    /** Writes {@code reports} (keyed "family target") as one table per family. */
    static void write(Path file, Map<String, GuestReport> reports) throws IOException {
        Map<String, Map<String, GuestReport>> families = new LinkedHashMap<>();
        reports.forEach((key, r) -> families.computeIfAbsent(key.substring(0, key.indexOf(' ')), f -> new LinkedHashMap<>())
                .put(key.substring(key.indexOf(' ') + 1), r));
        StringBuilder md = new StringBuilder();
        for (Map.Entry<String, Map<String, GuestReport>> f : families.entrySet()) {
            String family = f.getKey();
            Map<String, GuestReport> byTarget = quiverFirst(f.getValue());
            md.append("\n### ").append(family).append("\n\n| check |");
            byTarget.keySet().forEach(t -> md.append(' ').append(t).append(" |"));
            md.append("\n|---|");
            byTarget.keySet().forEach(t -> md.append("---|"));
            md.append('\n');
            Set<String> checks = new LinkedHashSet<>();
            byTarget.values().forEach(r -> checks.addAll(r.verdicts().keySet()));
            for (String check : checks) {
                md.append("| ").append(check).append(" |");
                byTarget.values().forEach(r -> md.append(' ').append(cell(r.verdicts().get(check))).append(" |"));
                md.append('\n');
            }
            md.append("| **total** |");
            byTarget.values().forEach(r -> md.append(' ').append(r.summary()).append(" |"));
            md.append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString());
    }

    private static Map<String, GuestReport> quiverFirst(Map<String, GuestReport> byTarget) {
        Map<String, GuestReport> ordered = new LinkedHashMap<>();
        byTarget.entrySet().stream().filter(e -> e.getKey().equals("quiver")).forEach(e -> ordered.put(e.getKey(), e.getValue()));
        ordered.putAll(byTarget);
        return ordered;
    }

    /** PASS, or the verdict with its reason: a skip's own, or a failure's first line of output. */
    private static String cell(GuestReport.Verdict v) {
        if (v == null) {
            return "-";
        }
        String[] lines = v.detail().strip().split("\n");
        String reason = lines.length > 1 && lines[0].startsWith("exit ") ? lines[1] : lines[0];
        String first = reason.isBlank() ? "" : " " + reason.strip().replace("|", "/");
        return "PASS".equals(v.result()) ? "PASS" : v.result() + (first.length() > 90 ? first.substring(0, 90) + "…" : first);
    }
}
