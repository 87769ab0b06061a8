package io.quiver.shell.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementTree;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes the writable attribute names of the node named by the first argument ({@code quiver:set
 * PATH <tab>}). Called on the shell's thread.
 */
@Service
public class AttributeNameCompleter implements Completer {

    @Reference
    ManagementTree tree;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String[] args = commandLine.getArguments();
        StringsCompleter strings = new StringsCompleter();
        if (args.length > 1) {
            tree.node(args[1]).ifPresent(n -> {
                for (AttributeDTO a : n.attributes) {
                    if (a.writable) {
                        strings.getStrings().add(a.name);
                    }
                }
            });
        }
        return strings.complete(session, commandLine, candidates);
    }
}
