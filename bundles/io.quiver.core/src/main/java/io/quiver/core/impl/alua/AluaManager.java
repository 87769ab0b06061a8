package io.quiver.core.impl.alua;

import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.spi.device.CommandDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ForkJoinPool;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * ALUA for the pipeline: gathers the target port group and device group configurations into one
 * {@link AluaConfiguration} snapshot, applies explicit transitions (SET TARGET PORT GROUPS) on top of
 * it, and makes one {@link AluaService} per device. Every change of the snapshot tells each service,
 * which raises ASYMMETRIC ACCESS STATE CHANGED on the nexuses whose view changed.
 *
 * <p>Thread-safe: changes are serialized on this object; readers use the volatile snapshot.
 */
@Component(service = LogicalUnitServiceFactory.class)
public final class AluaManager implements LogicalUnitServiceFactory {

    private static final byte C = 0x07;

    private final Map<Object, TargetPortGroup> configuredTargetGroups = new LinkedHashMap<>();
    private final Map<Object, DeviceGroup> configuredDeviceGroups = new LinkedHashMap<>();
    /** Group id to the state STPG set; dropped when the group's configured state changes. */
    private final Map<Integer, AccessState> explicitStates = new HashMap<>();
    /** Group id to the RTPG STATUS CODE of its last transition. */
    private final Map<Integer, Integer> statusCodes = new HashMap<>();
    private final Set<AluaService> services = new CopyOnWriteArraySet<>();
    /** Relative target port id to target name, learned from the nexuses commands arrive on. */
    private final Map<Integer, String> knownTargets = new ConcurrentHashMap<>();
    private volatile AluaConfiguration current = AluaConfiguration.EMPTY;
    private volatile ExplicitStateWriter writer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfigurationAdmin(ConfigurationAdmin configAdmin) {
        writer = new ExplicitStateWriter(configAdmin, ForkJoinPool.commonPool());
    }

    void unbindConfigurationAdmin(ConfigurationAdmin configAdmin) {
        writer = null;
    }

    /** For tests: where explicit states are written back. */
    void explicitStateWriter(ExplicitStateWriter w) {
        writer = w;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedTargetGroup")
    void bindTargetGroup(TargetGroupConfiguration c) {
        putTargetGroup(c, c.group());
    }

    void updatedTargetGroup(TargetGroupConfiguration c) {
        putTargetGroup(c, c.group());
    }

    void unbindTargetGroup(TargetGroupConfiguration c) {
        removeTargetGroup(c);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedDeviceGroup")
    void bindDeviceGroup(DeviceGroupConfiguration c) {
        putDeviceGroup(c, c.group());
    }

    void updatedDeviceGroup(DeviceGroupConfiguration c) {
        putDeviceGroup(c, c.group());
    }

    void unbindDeviceGroup(DeviceGroupConfiguration c) {
        removeDeviceGroup(c);
    }

    /** Adds or replaces a target port group under a key (the configuration component). */
    synchronized void putTargetGroup(Object key, TargetPortGroup group) {
        TargetPortGroup before = configuredTargetGroups.put(key, group);
        if (before != null && before.state() != group.state()) {
            AccessState explicit = explicitStates.remove(group.id());
            if (explicit != group.state()) {
                // A configured transition supersedes an explicit one (SCST: the admin's state wins).
                statusCodes.put(group.id(), 2);
            }
            // Otherwise this is STPG's own state coming back through ConfigAdmin: still status 1.
        }
        rebuild(null);
    }

    synchronized void removeTargetGroup(Object key) {
        configuredTargetGroups.remove(key);
        rebuild(null);
    }

    synchronized void putDeviceGroup(Object key, DeviceGroup group) {
        configuredDeviceGroups.put(key, group);
        rebuild(null);
    }

    synchronized void removeDeviceGroup(Object key) {
        configuredDeviceGroups.remove(key);
        rebuild(null);
    }

    /**
     * Explicit transitions from SET TARGET PORT GROUPS received on {@code from}: effective at once, and
     * written back to the groups' configurations when ConfigAdmin is there.
     */
    synchronized void setTargetPortGroups(Map<Integer, AccessState> states, Nexus from) {
        Map<String, AccessState> byName = new LinkedHashMap<>();
        for (Map.Entry<Integer, AccessState> e : states.entrySet()) {
            explicitStates.put(e.getKey(), e.getValue());
            statusCodes.put(e.getKey(), 1);
            for (TargetPortGroup g : configuredTargetGroups.values()) {
                if (g.id() == e.getKey()) {
                    byName.put(g.name(), e.getValue());
                }
            }
        }
        rebuild(from);
        ExplicitStateWriter w = writer;
        if (w != null) {
            w.write(byName);
        }
    }

    private void rebuild(Nexus spared) {
        List<TargetPortGroup> groups = new ArrayList<>();
        for (TargetPortGroup g : configuredTargetGroups.values()) {
            AccessState state = explicitStates.getOrDefault(g.id(), g.state());
            groups.add(g.withState(state, statusCodes.getOrDefault(g.id(), 0)));
        }
        AluaConfiguration before = current;
        AluaConfiguration after = new AluaConfiguration(groups, configuredDeviceGroups.values());
        current = after;
        for (AluaService s : services) {
            s.configurationChanged(before, after, spared);
        }
    }

    /** The current snapshot. */
    AluaConfiguration configuration() {
        return current;
    }

    void learn(Nexus nexus) {
        if (!nexus.targetName().equals(knownTargets.get(nexus.relativeTargetPortId()))) {
            knownTargets.put(nexus.relativeTargetPortId(), nexus.targetName());
        }
    }

    /** The target name of a relative target port, if a command has come through it. */
    String targetNameOf(int relativeTargetPortId) {
        return knownTargets.get(relativeTargetPortId);
    }

    Map<Integer, String> knownTargets() {
        return knownTargets;
    }

    void closed(AluaService service) {
        services.remove(service);
    }

    @Override
    public int order() {
        return ORDER_ALUA;
    }

    @Override
    public LogicalUnitService create(LogicalUnitContext context) {
        AluaService s = new AluaService(context, this);
        services.add(s);
        return s;
    }

    /** Implicit (configuration) and explicit (STPG) ALUA once any device group exists. */
    @Override
    public int targetPortGroupSupport() {
        return current.deviceGroups().isEmpty() ? 0 : 3;
    }

    @Override
    public int targetPortGroup(int relativeTargetPortId) {
        String name = targetNameOf(relativeTargetPortId);
        for (TargetPortGroup g : current.targetGroups()) {
            if (g.contains(relativeTargetPortId, name)) {
                return g.id();
            }
        }
        return -1;
    }

    @Override
    public int logicalUnitGroup(String deviceName) {
        DeviceGroup dg = current.deviceGroupOf(deviceName);
        return dg == null || dg.logicalUnitGroup() == 0 ? -1 : dg.logicalUnitGroup();
    }

    @Override
    public List<CommandDescriptor> supportedCommands() {
        if (current.deviceGroups().isEmpty()) {
            return List.of();
        }
        byte ff = (byte) 0xFF;
        return List.of(
                new CommandDescriptor(0xA3, 0x0A, new byte[] {(byte) 0xA3, ff, 0, 0, 0, 0, ff, ff, ff, ff, 0, C}),
                new CommandDescriptor(0xA4, 0x0A, new byte[] {(byte) 0xA4, 0x1F, 0, 0, 0, 0, ff, ff, ff, ff, 0, C}));
    }
}
