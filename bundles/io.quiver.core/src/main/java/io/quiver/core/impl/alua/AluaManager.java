package io.quiver.core.impl.alua;

import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.spi.device.CommandDescriptor;
import java.util.ArrayList;
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
 * {@link AluaConfiguration} snapshot, applies explicit transitions (SET TARGET PORT GROUPS,
 * {@link ExplicitTransitions}) on top of it, and makes one {@link AluaService} per device. Every change of the snapshot tells each service,
 * which raises ASYMMETRIC ACCESS STATE CHANGED on the nexuses whose view changed.
 *
 * <p>Thread-safe: changes are serialized on this object; readers use the volatile snapshot.
 */
@Component(service = LogicalUnitServiceFactory.class)
public final class AluaManager implements LogicalUnitServiceFactory {

    private final Map<Object, TargetPortGroup> configuredTargetGroups = new LinkedHashMap<>();
    private final Map<Object, DeviceGroup> configuredDeviceGroups = new LinkedHashMap<>();
    private final ExplicitTransitions explicit = new ExplicitTransitions();
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
        explicit.configured(configuredTargetGroups.put(key, group), group);
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
            explicit.set(e.getKey(), e.getValue());
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
            groups.add(explicit.inForce(g));
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

    /** Learns the target name of the relative target port a command came through. */
    void learn(Nexus nexus) {
        if (!nexus.targetName().equals(knownTargets.get(nexus.relativeTargetPortId()))) {
            knownTargets.put(nexus.relativeTargetPortId(), nexus.targetName());
        }
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

    /**
     * TPGS 3 only for a device in a device group: any other device answers REPORT TARGET PORT GROUPS with
     * INVALID COMMAND OPERATION CODE ({@link AluaService#handles}), so its INQUIRY must not promise ALUA.
     */
    @Override
    public int targetPortGroupSupport(String deviceName) {
        for (AluaService s : services) {
            if (s.deviceName().equals(deviceName) && s.clusterConfiguration() != null) {
                return 1; // implicit only: the cluster elects the owner
            }
        }
        return current.deviceGroupOf(deviceName) == null ? 0 : 3;
    }

    @Override
    public int targetPortGroup(int relativeTargetPortId) {
        for (AluaService s : services) {
            AluaConfiguration c = s.clusterConfiguration();
            if (c != null) {
                for (TargetPortGroup g : c.targetGroups()) {
                    if (g.relativeTargetPorts().contains(relativeTargetPortId)) {
                        return g.id();
                    }
                }
            }
        }
        String name = knownTargets.get(relativeTargetPortId);
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
        return current.deviceGroups().isEmpty() ? List.of() : AluaService.supportedCommands();
    }
}
