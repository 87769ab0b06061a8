package io.quiver.config.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.config.ConfigProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the difference between checked objects and the running system as {@link Step}s: new objects
 * are created, changed attributes set, attributes the file no longer sets reset to their defaults (but a
 * secret the file does not mention is left alone, since {@code write} cannot emit it), and, only with
 * {@code force}, objects the file does not mention are deleted (dependants first) and objects whose
 * creation-only attribute changed are deleted and created again. Unchanged objects get no step, so their
 * sessions and identity stay. Reads the tree only. Not thread-safe; one instance per plan.
 */
final class ConfigPlanner {

    private final ManagementTree tree;
    private final String file;
    private final List<ConfigProblem> problems;

    ConfigPlanner(ManagementTree tree, String file, List<ConfigProblem> problems) {
        this.tree = tree;
        this.file = file;
        this.problems = problems;
    }

    List<Step> plan(List<ResolvedObject> objects, boolean force) {
        List<Step> steps = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        objects.forEach(o -> wanted.add(o.path()));
        if (force) {
            List<RunningObjects.Running> running = new ArrayList<>(RunningObjects.list(tree));
            running.sort(Comparator.comparing((RunningObjects.Running r) -> r.kind()).reversed());
            for (RunningObjects.Running r : running) {
                if (r.configured() && !wanted.contains(r.node().path)) {
                    steps.add(new Step.Delete(r.parent(), r.node().name, r.keyAttributes(), r.hasSecret(), 0));
                }
            }
        }
        List<ResolvedObject> ordered = new ArrayList<>(objects);
        ordered.sort(Comparator.comparing(o -> o.desired().kind));
        for (ResolvedObject o : ordered) {
            if (o.isDeferred()) {
                steps.add(new Step.CreateDeferred(o.desired()));
            } else if (!o.exists()) {
                steps.add(new Step.Create(o.desired().parent, o.desired().name, o.values(), o.secrets(), o.desired().line));
            } else {
                tree.node(o.path()).ifPresent(n -> update(o, n, force, steps));
            }
        }
        return steps;
    }

    private void update(ResolvedObject o, NodeDTO node, boolean force, List<Step> steps) {
        Map<String, AttributeDTO> running = ConfigCheck.byName(node);
        List<Step> sets = new ArrayList<>();
        String creationOnly = null;
        for (Map.Entry<String, String> e : o.values().entrySet()) {
            AttributeDTO a = running.get(e.getKey());
            if (a == null) {
                continue;
            }
            if (a.secret) {
                sets.add(new Step.SetAttribute(o.path(), a.name, e.getValue(), null, true, o.line(a.name)));
            } else if (!e.getValue().equals(AttributeValues.running(a))) {
                if (!a.writable) {
                    creationOnly = a.name;
                }
                sets.add(new Step.SetAttribute(o.path(), a.name, e.getValue(), previous(a), false, o.line(a.name)));
            }
        }
        if (!o.desired().kind.container()) {
            for (AttributeDTO a : node.attributes) {
                if (RunningObjects.isKey(a) && !a.secret && !ScstMapping.IDENTITY.contains(a.name) && !o.values().containsKey(a.name)) {
                    sets.add(new Step.SetAttribute(o.path(), a.name, null, previous(a), false, o.desired().line));
                }
            }
        }
        if (creationOnly == null) {
            steps.addAll(sets);
        } else if (!force) {
            problems.add(new ConfigProblem(file, o.line(creationOnly), o.path(), creationOnly, creationOnly
                    + " can only be set when the object is created: use force to delete and create it again"));
        } else {
            RunningObjects.Running r = new RunningObjects.Running(o.desired().kind, o.desired().parent, node);
            steps.add(new Step.Delete(o.desired().parent, o.desired().name, r.keyAttributes(), r.hasSecret(), o.desired().line));
            steps.add(new Step.Create(o.desired().parent, o.desired().name, o.values(), o.secrets(), o.desired().line));
        }
    }

    private static String previous(AttributeDTO a) {
        return RunningObjects.isKey(a) ? AttributeValues.running(a) : null;
    }
}
