package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.CommandDTO;
import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.core.impl.InitiatorGroupConfiguration;
import io.quiver.core.impl.LunConfiguration;
import io.quiver.core.impl.map.LunDefinition;
import io.quiver.core.impl.target.TargetCore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The management tree over the core's runtime state, a {@link ConfigStore} and an
 * {@link AttributeCatalog}: reads nodes through a {@link TreeResolver} and turns create, delete and
 * set into configuration changes, and runtime commands into calls on the core.
 *
 * <p>Thread-safe: it keeps no state of its own beyond the handler and driver PIDs it is told about.
 */
public final class TreeModel implements ManagementTree {

    private final TreeResolver tree;
    private final Supplier<TargetCore> core;
    private final ConfigStore store;
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
        this.store = store;
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
        driverPids.put(name, factoryPid == null ? "" : factoryPid);
        tree.known.driver(name, factoryPid);
    }

    void removeDriver(String name) {
        driverPids.remove(name);
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
        NodeDTO n = require(path);
        if (n.pid == null) {
            throw new ManagementException(path + " is not a configured object");
        }
        ConfigStore.Entry e = entry(n.pid);
        AttributeCatalog.Definition d = definition(e.factoryPid(), attribute);
        Map<String, Object> props = new HashMap<>(e.properties());
        if (value == null) {
            props.remove(attribute);
        } else {
            props.put(attribute, Values.parse(d, value));
        }
        store.update(e.pid(), props);
    }

    @Override
    public String create(String parentPath, String name, Map<String, String> attributes) {
        Path parent = Path.of(parentPath);
        NodeDTO n = tree.resolve(parent);
        if (n == null || !n.creatable) {
            throw new ManagementException("cannot create objects below " + parentPath);
        }
        if (n.children.contains(name)) {
            throw new ManagementException(parentPath + "/" + name + " exists");
        }
        String[] s = parent.segments();
        String factoryPid;
        Map<String, Object> props = new LinkedHashMap<>();
        if (s[0].equals("handlers")) {
            factoryPid = handlerPids.get(s[1]);
            props.put("name", name);
        } else if (s[0].equals("alua")) {
            factoryPid = TreeResolver.ALUA.get(s[1]);
            props.put("name", name);
        } else if (s.length == 2) {
            factoryPid = driverPids.get(s[1]);
            props.put("name", name);
        } else if (s[s.length - 1].equals("luns")) {
            factoryPid = LunConfiguration.PID;
            props.put("target", s[2]);
            props.put("group", s.length == 6 ? s[4] : "");
            if (!name.matches("\\d{1,5}") || Integer.parseInt(name) > LunDefinition.MAX_LUN) {
                throw new ManagementException("not a LUN number (0.." + LunDefinition.MAX_LUN + "): " + name);
            }
            props.put("lun", Values.parse(definition(factoryPid, "lun"), name));
        } else {
            factoryPid = InitiatorGroupConfiguration.PID;
            props.put("target", s[2]);
            props.put("name", name);
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            props.put(a.getKey(), Values.parse(definition(factoryPid, a.getKey()), a.getValue()));
        }
        // LUN numbers and group names repeat across targets; the configuration's name must not.
        String configName = factoryPid.equals(LunConfiguration.PID) || factoryPid.equals(InitiatorGroupConfiguration.PID)
                ? String.join("_", props.get("target").toString(), String.valueOf(props.getOrDefault("group", "")), name)
                : name;
        store.create(factoryPid, configName, props);
        return parent.child(name).toString();
    }

    @Override
    public void delete(String path) {
        NodeDTO n = require(path);
        if (!n.deletable || n.pid == null) {
            throw new ManagementException(path + " is not a configured object");
        }
        store.delete(n.pid);
    }

    @Override
    public String run(String path, String command, Map<String, String> parameters) {
        NodeDTO n = require(path);
        if (n.creatable && command.equals(CREATE)) {
            Map<String, String> attributes = new LinkedHashMap<>(parameters);
            String name = attributes.remove("name");
            if (name == null || name.isEmpty()) {
                throw new ManagementException(path + ": create needs the parameter name");
            }
            return "created " + create(path, name, attributes);
        }
        if (n.commands.stream().noneMatch(cmd -> cmd.name.equals(command))) {
            throw new ManagementException(path + " has no command " + command);
        }
        return Nodes.run(core.get(), n, command);
    }

    private NodeDTO require(String path) {
        NodeDTO n = tree.resolve(Path.of(path));
        if (n == null) {
            throw new ManagementException("no such node: " + path);
        }
        return n;
    }

    private ConfigStore.Entry entry(String pid) {
        List<String> corePids = new ArrayList<>(List.of(LunConfiguration.PID, InitiatorGroupConfiguration.PID));
        corePids.addAll(TreeResolver.ALUA.values());
        for (String fp : corePids) {
            for (ConfigStore.Entry e : store.list(fp)) {
                if (e.pid().equals(pid)) {
                    return e;
                }
            }
        }
        // Known, not only installed: a waiting device's or target's configuration can be changed too.
        for (String fp : new TreeSet<>(concat(tree.known.handlers().values(), tree.known.drivers().values()))) {
            for (ConfigStore.Entry e : fp.isEmpty() ? List.<ConfigStore.Entry>of() : store.list(fp)) {
                if (e.pid().equals(pid)) {
                    return e;
                }
            }
        }
        throw new ManagementException("configuration gone: " + pid);
    }

    private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * The definition of an attribute; when the PID is not described at all (no MetaTypeService, or a
     * handler without Metatype) any attribute is taken as a string, which DS converts for the component.
     */
    private AttributeCatalog.Definition definition(String factoryPid, String attribute) {
        List<AttributeCatalog.Definition> all = catalog.attributes(factoryPid);
        if (all.isEmpty()) {
            return new AttributeCatalog.Definition(attribute, attribute, "", "String", false, null);
        }
        return all.stream().filter(d -> d.id().equals(attribute)).findFirst()
                .orElseThrow(() -> new ManagementException("no writable attribute " + attribute + " in " + factoryPid));
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
