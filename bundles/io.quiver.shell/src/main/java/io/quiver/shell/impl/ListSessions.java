package io.quiver.shell.impl;

import io.quiver.api.mgmt.ManagementTree;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code quiver:sessions [TARGET]}: the I_T nexuses, of one target or all; close one with quiver:run PATH close. */
@Command(scope = "quiver", name = "sessions", description = "Lists the sessions (initiator, target, group, LUNs) of a target or of all targets.")
@Service
public class ListSessions implements Action {

    @Argument(index = 0, name = "target", required = false, description = "The target's path, e.g. /targets/iscsi/iqn...")
    @Completion(NodePathCompleter.class)
    String target;

    @Reference
    ManagementTree tree;

    @Override
    public Object execute() {
        System.out.print(ObjectLists.sessions(tree, target));
        return null;
    }
}
