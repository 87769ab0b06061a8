package io.quiver.shell.impl;

import io.quiver.api.mgmt.ManagementTree;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** {@code quiver:list [targets|devices|sessions]}: every object of a kind across drivers and handlers. */
@Command(scope = "quiver", name = "list", description = "Lists all targets, devices or sessions (default: all three).")
@Service
public class ListObjects implements Action {

    @Argument(index = 0, name = "kind", required = false, description = "targets, devices or sessions")
    @Completion(value = StringsCompleter.class, values = {"targets", "devices", "sessions"})
    String kind;

    @Reference
    ManagementTree tree;

    @Override
    public Object execute() {
        if (kind != null) {
            System.out.print(ObjectLists.list(tree, kind));
            return null;
        }
        for (String k : ObjectLists.KINDS) {
            System.out.println(k + ":");
            System.out.print(ObjectLists.list(tree, k));
        }
        return null;
    }
}
