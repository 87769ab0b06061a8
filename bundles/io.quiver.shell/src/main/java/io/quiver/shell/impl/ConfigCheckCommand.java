package io.quiver.shell.impl;

import io.quiver.config.ScstConfigService;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** {@code quiver:config-check FILE}: validates an scst.conf against the running system; changes nothing. */
@Command(scope = "quiver", name = "config-check", description = "Checks an scst.conf file against the running system and prints what apply would do.")
@Service
public class ConfigCheckCommand implements Action {

    @Argument(index = 0, name = "file", required = true, description = "The scst.conf file")
    @Completion(FileCompleter.class)
    String file;

    @Reference
    ScstConfigService config;

    @Override
    public Object execute() throws Exception {
        return ReportFormat.print(config.check(file, Files.readString(Path.of(file))), false);
    }
}
