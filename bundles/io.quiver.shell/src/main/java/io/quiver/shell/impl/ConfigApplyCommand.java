package io.quiver.shell.impl;

import io.quiver.config.ScstConfigService;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** {@code quiver:config-apply [--dry-run] [--force] FILE}: makes the running system match an scst.conf. */
@Command(scope = "quiver", name = "config-apply", description = "Applies the differences between an scst.conf file and the "
        + "running system; all or nothing.")
@Service
public class ConfigApplyCommand implements Action {

    @Argument(index = 0, name = "file", required = true, description = "The scst.conf file")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--dry-run", aliases = "-n", description = "Print the plan only")
    boolean dryRun;

    @Option(name = "--force", aliases = "-f", description = "Also delete objects the file does not mention, and recreate objects "
            + "whose creation-only attributes changed")
    boolean force;

    @Reference
    ScstConfigService config;

    @Override
    public Object execute() throws Exception {
        return ReportFormat.print(config.apply(file, Files.readString(Path.of(file)), dryRun, force), !dryRun);
    }
}
