package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.core.impl.stats.IoStatistics;
import io.quiver.core.impl.target.CoreSession;
import io.quiver.core.impl.target.CoreTarget;
import io.quiver.core.impl.target.LogicalUnit;
import io.quiver.core.impl.target.TargetCore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builders of {@link NodeDTO}s and {@link AttributeDTO}s, and the runtime commands. Stateless. */
final class Nodes {

    private Nodes() {
    }

    static NodeDTO node(Path p, String kind) {
        NodeDTO n = new NodeDTO();
        n.path = p.toString();
        n.name = p.name();
        n.kind = kind;
        return n;
    }

    static NodeDTO collection(Path p, List<String> children, boolean creatable) {
        NodeDTO n = node(p, "collection");
        n.children = new ArrayList<>(children);
        n.creatable = creatable;
        return n;
    }

    /** Marks a collection with the factory PID its new objects get, so views can describe them before they exist. */
    static NodeDTO withFactoryPid(NodeDTO collection, String factoryPid) {
        collection.attributes.add(runtime("factory_pid", factoryPid, "The ConfigAdmin factory PID of the objects created here."));
        return collection;
    }

    /** A read-only runtime attribute. */
    static AttributeDTO runtime(String name, String value, String description) {
        AttributeDTO a = new AttributeDTO();
        a.name = name;
        a.value = value;
        a.description = description;
        return a;
    }

    /** A configured attribute: value or default, and SCST's {@code [key]} when it differs from the default. */
    static AttributeDTO configured(AttributeCatalog.Definition d, Object configured) {
        AttributeDTO a = new AttributeDTO();
        a.name = d.id();
        a.type = d.type().equals("Password") ? AttributeDTO.STRING : d.type();
        if (d.multiple()) {
            a.type += "[]";
        }
        a.description = d.description();
        a.defaultValue = d.defaultValue();
        a.writable = true;
        a.secret = d.type().equals("Password");
        String value = Values.format(configured);
        a.key = value != null && !Objects.equals(value, d.defaultValue());
        a.value = a.secret ? null : value != null ? value : d.defaultValue();
        return a;
    }

    static void statistics(NodeDTO n, IoStatistics s) {
        for (Map.Entry<String, String> e : s.toAttributes().entrySet()) {
            n.attributes.add(runtime(e.getKey(), e.getValue(), "Statistics: " + e.getKey().replace('_', ' ') + "."));
        }
        n.commands.add(TreeModel.RESET_STATISTICS);
    }

    static NodeDTO session(Path p, CoreSession s, String group) {
        NodeDTO n = node(p, "session");
        n.attributes.add(runtime("initiator", s.initiator().name(), "The initiator's name."));
        n.attributes.add(runtime("initiator_port", s.initiator().portName(), "The initiator port (name and session id)."));
        n.attributes.add(runtime("target", s.targetName(), "The target the session is logged in to."));
        n.attributes.add(runtime("driver", s.target().driver().name(), "The target driver."));
        n.attributes.add(runtime("group", group, "The initiator group whose LUNs the session sees; empty for the default LUNs."));
        n.attributes.add(runtime("luns", String.join(",", s.lunMap().keySet().stream().sorted().map(String::valueOf).toList()),
                "The LUN numbers the session sees."));
        n.attributes.add(runtime("queue_depth", Integer.toString(s.queueDepth()), "Commands the session may have in flight."));
        n.attributes.add(runtime("commands_in_flight", Integer.toString(s.tasks().size()), "Commands submitted and not yet completed."));
        for (Map.Entry<String, String> e : s.transport().attributes().entrySet()) {
            n.attributes.add(runtime("transport." + e.getKey(), e.getValue(), "Reported by the transport."));
        }
        statistics(n, s.statistics());
        n.commands.add(TreeModel.CLOSE);
        return n;
    }

    /** Runs a runtime command a node offers. */
    static String run(TargetCore core, NodeDTO n, String command) {
        if (core == null) {
            return "core not running";
        }
        if (n.kind.equals("session")) {
            CoreSession s = core.sessions().stream().filter(x -> Long.toString(x.id()).equals(n.name)).findFirst().orElse(null);
            if (s == null) {
                return "session gone";
            }
            if (command.equals("close")) {
                s.requestClose("closed by the administrator");
                return "closing session " + n.name;
            }
            s.statistics().reset();
        } else if (n.kind.equals("device")) {
            LogicalUnit u = core.unit(n.name);
            if (u != null) {
                u.statistics().reset();
            }
        } else if (n.kind.equals("target")) {
            CoreTarget t = core.target(n.name);
            if (t != null) {
                t.statistics().reset();
            }
        }
        return "statistics reset";
    }
}
