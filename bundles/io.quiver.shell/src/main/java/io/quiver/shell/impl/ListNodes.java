package io.quiver.shell.impl;

import io.quiver.api.mgmt.ManagementTree;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code quiver:ls [PATH]}: the children of a node (handlers, devices, targets, LUNs, sessions...). */
@Command(scope = "quiver", name = "ls", description = "Lists the objects below a node of Quiver's management tree.")
@Service
public class ListNodes implements Action {

    @Argument(index = 0, name = "path", description = "The node, e.g. /targets/iscsi (default /)", required = false)
    @Completion(NodePathCompleter.class)
    String path = "/";

    @Reference
    ManagementTree tree;

    @Override
    public Object execute() {
        if (tree.node(path).isEmpty()) {
            throw new IllegalArgumentException("no such node: " + path);
        }
        System.out.print(TreeFormat.children(tree.children(path)));
        return null;
    }
}
