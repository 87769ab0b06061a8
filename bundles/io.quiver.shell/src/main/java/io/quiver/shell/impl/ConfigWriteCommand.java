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

/** {@code quiver:config-write [FILE]}: the running system as scst.conf, to a file or the console. */
@Command(scope = "quiver", name = "config-write", description = "Writes the running system as an scst.conf file (non-default "
        + "attributes only; secrets are write-only and left out).")
@Service
public class ConfigWriteCommand implements Action {

    @Argument(index = 0, name = "file", required = false, description = "Where to write; default: print it")
    @Completion(FileCompleter.class)
    String file;

    @Reference
    ScstConfigService config;

    @Override
    public Object execute() throws Exception {
        String text = config.write();
        if (file == null) {
            System.out.print(text);
        } else {
            Files.writeString(Path.of(file), text);
        }
        return null;
    }
}
