package io.quiver.config.impl;

import io.quiver.api.mgmt.ManagementTree;
import io.quiver.config.ConfigReport;
import io.quiver.config.ScstConfigService;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code scst.conf} tool over the management tree: parse ({@link ScstMapping}), check against the live
 * self-documentation ({@link ConfigCheck}), plan the difference ({@link ConfigPlanner}), apply it as one
 * transaction ({@link StepRunner}), write the running system ({@link ConfigWriter}). Knows no handler or
 * driver.
 *
 * <p>Thread-safe: applies are serialised on one lock so that two plans never interleave; checks and writes
 * only read the tree.
 */
@Component(service = ScstConfigService.class)
public final class ScstConfigComponent implements ScstConfigService {

    private final ManagementTree tree;
    private final Object applyLock = new Object();

    @Activate
    public ScstConfigComponent(@Reference ManagementTree tree) {
        this.tree = tree;
    }

    @Override
    public ConfigReport check(String fileName, String text) {
        ConfigReport report = new ConfigReport();
        plan(fileName, text, false, report);
        report.ok = report.problems.isEmpty();
        return report;
    }

    @Override
    public ConfigReport apply(String fileName, String text, boolean dryRun, boolean force) {
        synchronized (applyLock) {
            ConfigReport report = new ConfigReport();
            List<Step> steps = plan(fileName, text, force, report);
            report.ok = report.problems.isEmpty();
            if (report.ok && !dryRun) {
                StepRunner.run(tree, name(fileName), steps, report);
            }
            return report;
        }
    }

    @Override
    public String write() {
        return ConfigWriter.write(tree, false);
    }

    @Override
    public String write(boolean nonKey) {
        return ConfigWriter.write(tree, nonKey);
    }

    private List<Step> plan(String fileName, String text, boolean force, ConfigReport report) {
        String file = name(fileName);
        ScstMapping.Result mapped = LegacyFormat.isLegacy(text) ? new LegacyFormat(tree, file).map(text) : ScstMapping.map(file, text);
        report.problems.addAll(mapped.problems());
        report.notes.addAll(mapped.notes());
        List<ResolvedObject> resolved = new ConfigCheck(tree, file, report.problems, report.notes).resolve(mapped.objects());
        List<Step> steps = new ConfigPlanner(tree, file, report.problems).plan(resolved, force);
        steps.forEach(s -> report.plan.add(s.toString()));
        return steps;
    }

    private static String name(String fileName) {
        return fileName == null || fileName.isEmpty() ? "-" : fileName;
    }
}
