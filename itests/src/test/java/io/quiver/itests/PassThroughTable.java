package io.quiver.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@link PassThroughConformanceIT}'s comparison: the outcomes of one {@link ConformanceRun} whose results are
 * named {@code <backend>-direct:Suite.Test} and {@code <backend>-through:Suite.Test}, suite by suite. Immutable
 * once built; one thread.
 */
final class PassThroughTable {

    private final Map<String, ConformanceRun.Outcome> outcomes;
    private final List<String> suites;

    PassThroughTable(Map<String, ConformanceRun.Outcome> outcomes, List<String> suites) {
        this.outcomes = outcomes;
        this.suites = suites;
    }

    /** Tests that pass on {@code backend} directly but not through its pass-through LUN. */
    List<String> lostThroughPassThrough(String backend) {
        String direct = backend + "-direct:";
        String through = backend + "-through:";
        return outcomes.entrySet().stream()
                .filter(e -> e.getKey().startsWith(direct) && e.getValue() == ConformanceRun.Outcome.PASS)
                .map(e -> e.getKey().substring(direct.length()))
                .filter(t -> outcomes.get(through + t) != ConformanceRun.Outcome.PASS)
                .map(t -> through + t + " (" + outcomes.get(through + t) + ")")
                .collect(Collectors.toList());
    }

    /** The tests that fail on a backend directly: the backends' own failures. */
    List<String> directFailures() {
        return outcomes.entrySet().stream()
                .filter(e -> e.getKey().contains("-direct:") && e.getValue() == ConformanceRun.Outcome.FAIL)
                .map(Map.Entry::getKey).collect(Collectors.toList());
    }

    /** A Markdown table: per suite, pass/fail/skip directly and through dev_disk, for each backend. */
    String markdown(boolean withTgt) {
        List<String> kinds = new ArrayList<>(List.of("quiver-direct:", "quiver-through:"));
        if (withTgt) {
            kinds.addAll(List.of("tgt-direct:", "tgt-through:"));
        }
        StringBuilder sb = new StringBuilder("| suite | Quiver fileio direct | through dev_disk |");
        sb.append(withTgt ? " tgtd direct | through dev_disk |\n|---|---|---|---|---|\n" : "\n|---|---|---|\n");
        int[][] totals = new int[kinds.size()][3];
        for (String suite : suites) {
            sb.append("| ").append(suite).append(" |");
            for (int k = 0; k < kinds.size(); k++) {
                int[] c = count(kinds.get(k) + suite + ".");
                for (int i = 0; i < 3; i++) {
                    totals[k][i] += c[i];
                }
                sb.append(' ').append(cell(c)).append(" |");
            }
            sb.append('\n');
        }
        sb.append("| **total** |");
        for (int[] t : totals) {
            sb.append(" **").append(cell(t)).append("** |");
        }
        return sb.append('\n').toString();
    }

    private int[] count(String prefix) {
        int[] c = new int[3];
        outcomes.forEach((name, o) -> {
            if (name.startsWith(prefix)) {
                c[o.ordinal()]++;
            }
        });
        return c;
    }

    /** "passed/failed/skipped". */
    private static String cell(int[] c) {
        return c[0] + "/" + c[1] + "/" + c[2];
    }
}
