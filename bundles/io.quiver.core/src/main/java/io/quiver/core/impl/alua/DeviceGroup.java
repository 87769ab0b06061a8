package io.quiver.core.impl.alua;

import java.util.List;
import java.util.Set;

/**
 * A device group (SCST's DEVICE_GROUP): devices that share target port groups and so change asymmetric
 * access state together. Immutable.
 *
 * @param name the configuration's unique name
 * @param devices the device names it contains
 * @param targetGroups the names of the target port groups its devices are reached through
 * @param logicalUnitGroup the LU group for VPD 83h, 1..65535, or 0 for none
 */
public record DeviceGroup(String name, Set<String> devices, List<String> targetGroups, int logicalUnitGroup) {

    public DeviceGroup {
        devices = Set.copyOf(devices);
        targetGroups = List.copyOf(targetGroups);
        if (logicalUnitGroup < 0 || logicalUnitGroup > 0xFFFF) {
            throw new IllegalArgumentException("logical unit group must be 0..65535: " + logicalUnitGroup);
        }
    }
}
