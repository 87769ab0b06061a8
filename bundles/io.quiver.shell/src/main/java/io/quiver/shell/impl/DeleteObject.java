package io.quiver.shell.impl;

import io.quiver.api.mgmt.ManagementTree;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code quiver:delete PATH}: removes a configured object (its configuration). */
@Command(scope = "quiver", name = "delete", description = "Deletes a configured object (device, target, LUN, group).")
@Service
public class DeleteObject implements Action {

    @Argument(index = 0, name = "path", required = true, description = "The object")
    @Completion(NodePathCompleter.class)
    String path;

    @Reference
    ManagementTree tree;

    @Override
    public Object execute() {
        tree.delete(path);
        return null;
    }
}
