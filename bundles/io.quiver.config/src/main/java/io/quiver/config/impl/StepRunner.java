package io.quiver.config.impl;

import io.quiver.api.mgmt.ManagementTree;
import io.quiver.config.ConfigProblem;
import io.quiver.config.ConfigReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies steps in order as one transaction: when a step fails, the steps already done are undone in
 * reverse order, and the report names the failed step, every undo that failed and every secret an undo
 * could not restore. Stateless; callers serialise applies.
 */
final class StepRunner {

    private StepRunner() {
    }

    static void run(ManagementTree tree, String file, List<Step> steps, ConfigReport report) {
        List<Step> done = new ArrayList<>();
        for (Step s : steps) {
            try {
                s.apply(tree);
                done.add(s);
            } catch (RuntimeException e) {
                report.problems.add(new ConfigProblem(file, s.line(), s.path(), s.attribute(), "failed: " + s + ": " + e.getMessage()));
                rollback(tree, file, done, report);
                report.ok = false;
                report.applied.clear();
                return;
            }
        }
        done.forEach(s -> report.applied.add(s.toString()));
        report.ok = true;
    }

    private static void rollback(ManagementTree tree, String file, List<Step> done, ConfigReport report) {
        int undone = 0;
        for (int i = done.size() - 1; i >= 0; i--) {
            Step s = done.get(i);
            try {
                s.undo(tree);
                undone++;
                if (s.undoLosesSecret()) {
                    report.problems.add(new ConfigProblem(file, s.line(), s.path(), s.attribute(),
                            "rolled back, but a write-only secret could not be restored: set it again"));
                }
            } catch (RuntimeException e) {
                report.problems.add(new ConfigProblem(file, s.line(), s.path(), s.attribute(), "rollback of '" + s + "' failed: " + e.getMessage()));
            }
        }
        report.problems.add(new ConfigProblem(file, 0, null, null, "rolled back: " + undone + " of " + done.size() + " applied steps undone"));
    }
}
