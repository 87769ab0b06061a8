package io.quiver.shell.impl;

import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes management tree paths segment by segment, asking the tree for the children of what is typed
 * so far. Called on the shell's thread.
 */
@Service
public class NodePathCompleter implements Completer {

    @Reference
    ManagementTree tree;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String typed = commandLine.getCursorArgument() == null ? "" : commandLine.getCursorArgument()
                .substring(0, commandLine.getArgumentPosition());
        String parent = typed.contains("/") ? typed.substring(0, typed.lastIndexOf('/') + 1) : "/";
        StringsCompleter strings = new StringsCompleter();
        for (NodeDTO child : tree.children(parent.length() > 1 ? parent.substring(0, parent.length() - 1) : "/")) {
            strings.getStrings().add(child.path + (child.children.isEmpty() ? "" : "/"));
        }
        return strings.complete(session, commandLine, candidates);
    }
}
