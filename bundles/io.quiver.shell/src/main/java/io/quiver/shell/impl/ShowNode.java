package io.quiver.shell.impl;

import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code quiver:show PATH}: a node's attributes and commands; {@code --help-attributes} documents them. */
@Command(scope = "quiver", name = "show", description = "Shows the attributes and commands of a node of Quiver's management tree.")
@Service
public class ShowNode implements Action {

    @Argument(index = 0, name = "path", description = "The node, e.g. /handlers/vdisk_fileio/disk0", required = true)
    @Completion(NodePathCompleter.class)
    String path;

    @Option(name = "-d", aliases = "--describe", description = "Describe every attribute: type, default, meaning")
    boolean describe;

    @Reference
    ManagementTree tree;

    @Override
    public Object execute() {
        NodeDTO node = tree.node(path).orElseThrow(() -> new IllegalArgumentException("no such node: " + path));
        System.out.print(describe ? TreeFormat.help(node) : TreeFormat.node(node));
        return null;
    }
}
