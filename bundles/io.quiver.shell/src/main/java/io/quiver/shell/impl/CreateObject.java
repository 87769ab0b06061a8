package io.quiver.shell.impl;

import io.quiver.api.mgmt.ManagementTree;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code quiver:create PARENT NAME [attribute=value ...]}: a new device, target, LUN or group, e.g.
 * {@code quiver:create /handlers/vdisk_fileio disk1 filename=/srv/disk1.img size=10737418240}.
 */
@Command(scope = "quiver", name = "create", description = "Creates a configured object below a collection node.")
@Service
public class CreateObject implements Action {

    @Argument(index = 0, name = "parent", required = true, description = "The collection, e.g. /handlers/vdisk_fileio")
    @Completion(NodePathCompleter.class)
    String parent;

    @Argument(index = 1, name = "name", required = true, description = "The new object's name (device name, LUN number, group name)")
    String name;

    @Argument(index = 2, name = "attributes", multiValued = true, required = false, description = "attribute=value pairs")
    List<String> attributes;

    @Reference
    ManagementTree tree;

    @Override
    public Object execute() {
        System.out.println(tree.create(parent, name, TreeFormat.keyValues(attributes)));
        return null;
    }
}
