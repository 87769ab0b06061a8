package io.quiver.shell.impl;

import io.quiver.api.mgmt.ManagementTree;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code quiver:run PATH COMMAND [parameter=value ...]}: one of a node's commands (close a session, reset statistics). */
@Command(scope = "quiver", name = "run", description = "Runs a command of a node (see quiver:show for the node's commands).")
@Service
public class RunCommand implements Action {

    @Argument(index = 0, name = "path", required = true, description = "The node")
    @Completion(NodePathCompleter.class)
    String path;

    @Argument(index = 1, name = "command", required = true, description = "The command")
    String command;

    @Argument(index = 2, name = "parameters", multiValued = true, required = false, description = "parameter=value pairs")
    List<String> parameters;

    @Reference
    ManagementTree tree;

    @Override
    public Object execute() {
        System.out.println(tree.run(path, command, TreeFormat.keyValues(parameters)));
        return null;
    }
}
