package io.quiver.shell.impl;

import io.quiver.api.mgmt.ManagementTree;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code quiver:set PATH ATTRIBUTE VALUE}: changes one attribute; only that object is reconfigured. */
@Command(scope = "quiver", name = "set", description = "Sets an attribute of a configured object (device, target, LUN, group).")
@Service
public class SetAttribute implements Action {

    @Argument(index = 0, name = "path", required = true, description = "The object")
    @Completion(NodePathCompleter.class)
    String path;

    @Argument(index = 1, name = "attribute", required = true, description = "The attribute")
    @Completion(AttributeNameCompleter.class)
    String attribute;

    @Argument(index = 2, name = "value", required = false, description = "The new value (arrays comma-separated)")
    String value;

    @Option(name = "--default", description = "Reset the attribute to its default instead")
    boolean reset;

    @Reference
    ManagementTree tree;

    @Override
    public Object execute() {
        if (value == null && !reset) {
            throw new IllegalArgumentException("give a value, or --default to reset " + attribute);
        }
        tree.setAttribute(path, attribute, reset ? null : value);
        return null;
    }
}
