package io.quiver.shell.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * Sets a target's {@code enabled} attribute (SCST's {@code -enable_target}): any driver whose targets
 * document a writable {@code enabled} attribute works. Subclasses say which way.
 */
abstract class TargetSwitch implements Action {

    @Argument(index = 0, name = "target", required = true, description = "The target's path, e.g. /targets/iscsi/iqn...")
    @Completion(NodePathCompleter.class)
    String target;

    @Reference
    ManagementTree tree;

    abstract boolean enabled();

    @Override
    public Object execute() {
        NodeDTO n = tree.node(target).orElseThrow(() -> new IllegalArgumentException("no such target: " + target));
        AttributeDTO a = n.attribute("enabled");
        if (!"target".equals(n.kind) || a == null || !a.writable) {
            throw new IllegalArgumentException(target + " is not a target with a writable 'enabled' attribute");
        }
        tree.setAttribute(target, "enabled", Boolean.toString(enabled()));
        return null;
    }
}
