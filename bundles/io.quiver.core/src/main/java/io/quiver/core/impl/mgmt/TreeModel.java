package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.CommandDTO;
import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.core.impl.target.TargetCore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The management tree over the core's runtime state, a {@link ConfigStore} and an
 * {@link AttributeCatalog}: reads nodes through a {@link TreeResolver}, turns create, delete and set
 * into configuration changes ({@link ConfigChanges}), and runtime commands into calls on the core.
 *
 * <p>Thread-safe: it keeps no state of its own beyond the handler and driver PIDs it is told about.
 */
public final class TreeModel implements ManagementTree {

    private final TreeResolver tree;
    private final Supplier<TargetCore> core;
    private final ConfigChanges changes;
    private final AttributeCatalog catalog;
    private final Map<String, String> handlerPids;
    private final Map<String, String> driverPids;

    TreeModel(Supplier<TargetCore> core, ConfigStore store, AttributeCatalog catalog) {
        this(core, store, catalog, new KnownPlugins());
    }

    /** A tree that lists the configurations of every handler and driver in {@code known} (installed or not). */
    TreeModel(Supplier<TargetCore> core, ConfigStore store, AttributeCatalog catalog, KnownPlugins known) {
        this.tree = new TreeResolver(core, store, catalog, known);
        this.core = core;
        this.changes = new ConfigChanges(tree);
        this.catalog = catalog;
        this.handlerPids = tree.handlerPids;
        this.driverPids = tree.driverPids;
    }

    /** A device handler is installed: devices are created under its factory PID. */
    void handler(String name, String factoryPid) {
        handlerPids.put(name, factoryPid == null ? "" : factoryPid);
        tree.known.handler(name, factoryPid);
    }

    void removeHandler(String name) {
        handlerPids.remove(name);
    }

    /** A target driver is installed: targets are created under its factory PID ("" if none). */
    void driver(String name, String factoryPid) {
        driver(name, factoryPid, null);
    }

    /** As above, with the PID of the driver's own configuration, whose attributes {@code /targets/<name>} shows. */
    void driver(String name, String factoryPid, String configurationPid) {
        driverPids.put(name, factoryPid == null ? "" : factoryPid);
        if (configurationPid != null) {
            tree.driverConfigPids.put(name, configurationPid);
        }
        tree.known.driver(name, factoryPid);
    }

    void removeDriver(String name) {
        driverPids.remove(name);
        tree.driverConfigPids.remove(name);
    }

    @Override
    public Optional<NodeDTO> node(String path) {
        return Optional.ofNullable(describeCreate(tree.resolve(Path.of(path))));
    }

    @Override
    public List<NodeDTO> children(String path) {
        NodeDTO n = tree.resolve(Path.of(path));
        List<NodeDTO> out = new ArrayList<>();
        if (n != null) {
            for (String child : n.children) {
                NodeDTO c = describeCreate(tree.resolve(Path.of(n.path + (n.path.endsWith("/") ? "" : "/") + child)));
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }




    @Override
    public void setAttribute(String path, String attribute, String value) {
        changes.setAttribute(path, attribute, value);
    }

    @Override
    public String create(String parentPath, String name, Map<String, String> attributes) {
        return changes.create(parentPath, name, attributes);
    }

    @Override
    public void delete(String path) {
        changes.delete(path);
    }

    @Override
    public String run(String path, String command, Map<String, String> parameters) {
        NodeDTO n = tree.require(path);
        if (n.creatable && command.equals(CREATE)) {
            Map<String, String> attributes = new LinkedHashMap<>(parameters);
            String name = attributes.remove("name");
            if (name == null || name.isEmpty()) {
                throw new ManagementException(path + ": create needs the parameter name");
            }
            return "created " + changes.create(path, name, attributes);
        }
        if (n.commands.stream().noneMatch(cmd -> cmd.name.equals(command))) {
            throw new ManagementException(path + " has no command " + command);
        }
        return Nodes.run(core.get(), n, command);
    }





    /**
     * Offers {@value #CREATE} on a creatable collection whose factory PID is described, with the new object's
     * attributes as parameters (SCST's {@code mgmt} help for {@code add_device}), so that views can check an
     * object's attributes before it exists. The tree derives the identity properties from the path.
     */
    private NodeDTO describeCreate(NodeDTO n) {
        AttributeDTO factoryPid = n == null || !n.creatable ? null : n.attribute("factory_pid");
        if (factoryPid == null || factoryPid.value == null || factoryPid.value.isEmpty()) {
            return n;
        }
        CommandDTO c = CommandDTO.of(CREATE, "Create an object here (the same as create on the collection).");
        c.parameters.add(Nodes.runtime("name", null, "The new object's name: device, target or group name, or LUN number."));
        for (AttributeCatalog.Definition d : catalog.attributes(factoryPid.value)) {
            if (!IDENTITY.contains(d.id())) {
                c.parameters.add(Nodes.configured(d, null));
            }
        }
        n.commands.add(c);
        return n;
    }

    /** The command of creatable collections; its parameter {@code name} names the new object. */
    static final String CREATE = "create";
    private static final java.util.Set<String> IDENTITY = java.util.Set.of("name", "target", "group", "lun");

    /** Commands offered on session and statistics nodes. */
    static final CommandDTO CLOSE = CommandDTO.of("close", "End the session (the transport logs the initiator out).");
    static final CommandDTO RESET_STATISTICS = CommandDTO.of("reset_statistics", "Set the statistics counters to zero.");
}
