package io.quiver.core.impl.alua;

import io.quiver.core.impl.lu.Nexus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One consistent snapshot of the ALUA configuration: every target port group (with explicit states
 * applied) and every device group. Immutable; the {@link AluaManager} replaces it as a whole.
 */
public final class AluaConfiguration {

    /** No ALUA configuration: every port is active/optimized and TPGS is 0. */
    public static final AluaConfiguration EMPTY = new AluaConfiguration(List.of(), List.of());

    /** What an I_T nexus sees of a logical unit's ALUA state; changes of it owe a unit attention. */
    public record View(int groupId, AccessState state, boolean preferred) {
    }

    private final List<TargetPortGroup> targetGroups;
    private final List<DeviceGroup> deviceGroups;

    public AluaConfiguration(Collection<TargetPortGroup> targetGroups, Collection<DeviceGroup> deviceGroups) {
        this.targetGroups = List.copyOf(targetGroups);
        this.deviceGroups = List.copyOf(deviceGroups);
    }

    public List<TargetPortGroup> targetGroups() {
        return targetGroups;
    }

    public List<DeviceGroup> deviceGroups() {
        return deviceGroups;
    }

    /** The device group containing a device, or {@code null}. */
    public DeviceGroup deviceGroupOf(String device) {
        for (DeviceGroup g : deviceGroups) {
            if (g.devices().contains(device)) {
                return g;
            }
        }
        return null;
    }

    /** The target port groups a device is reached through, in its device group's order. */
    public List<TargetPortGroup> targetGroupsOf(String device) {
        DeviceGroup dg = deviceGroupOf(device);
        if (dg == null) {
            return List.of();
        }
        List<TargetPortGroup> out = new ArrayList<>();
        for (String name : dg.targetGroups()) {
            TargetPortGroup tg = targetGroup(name);
            if (tg != null) {
                out.add(tg);
            }
        }
        return out;
    }

    /** The target port group through which a nexus reaches a device, or {@code null} (then active/optimized). */
    public TargetPortGroup targetGroupFor(String device, Nexus nexus) {
        for (TargetPortGroup tg : targetGroupsOf(device)) {
            if (tg.contains(nexus)) {
                return tg;
            }
        }
        return null;
    }

    public TargetPortGroup targetGroup(String name) {
        for (TargetPortGroup tg : targetGroups) {
            if (tg.name().equals(name)) {
                return tg;
            }
        }
        return null;
    }

    /** The view of a nexus, or {@code null} if its port is in no group of the device. */
    public View viewOf(String device, Nexus nexus) {
        TargetPortGroup tg = targetGroupFor(device, nexus);
        return tg == null ? null : new View(tg.id(), tg.state(), tg.preferred());
    }

    /** Whether the view of a nexus differs between two snapshots. */
    static boolean changed(AluaConfiguration before, AluaConfiguration after, String device, Nexus nexus) {
        return !Objects.equals(before.viewOf(device, nexus), after.viewOf(device, nexus));
    }
}
