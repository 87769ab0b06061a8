package io.quiver.shell.impl;

import io.quiver.config.ConfigProblem;
import io.quiver.config.ConfigReport;

/** Prints a config tool report: plan or applied steps, then notes (accepted without effect), then problems. Stateless. */
final class ReportFormat {

    private ReportFormat() {
    }

    static String format(ConfigReport r, boolean applied) {
        StringBuilder sb = new StringBuilder();
        var steps = applied ? r.applied : r.plan;
        if (steps.isEmpty() && r.ok) {
            sb.append("no changes\n");
        }
        steps.forEach(s -> sb.append(applied ? "applied: " : "plan: ").append(s).append('\n'));
        for (ConfigProblem n : r.notes) {
            sb.append("note: ").append(n).append('\n');
        }
        for (ConfigProblem p : r.problems) {
            sb.append("problem: ").append(p).append('\n');
        }
        return sb.toString();
    }

    /** Prints the report; a report that is not ok fails the command so scripts see it. */
    static Object print(ConfigReport r, boolean applied) {
        System.out.print(format(r, applied));
        if (!r.ok) {
            throw new IllegalStateException(r.problems.size() + " problem(s); nothing was changed");
        }
        return null;
    }
}
