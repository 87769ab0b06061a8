package io.quiver.core.impl.alua;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One ALUA device group (SCST's DEVICE_GROUP), a factory configuration of {@value #PID}: the devices
 * and the target port groups they are reached through. Registered as a service of this class so the
 * {@link AluaManager} gathers every instance. Thread-safe: the group is replaced as a whole.
 */
@Component(service = DeviceGroupConfiguration.class, name = DeviceGroupConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DeviceGroupConfiguration.Config.class, factory = true)
public final class DeviceGroupConfiguration {

    public static final String PID = "io.quiver.core.alua.devicegroup";

    @ObjectClassDefinition(name = "Quiver ALUA device group",
            description = "Devices whose logical units share target port groups and change asymmetric access "
                    + "state together (SPC-4 5.15, SCST's DEVICE_GROUP). A device in no group is "
                    + "active/optimized on every port and reports TPGS 0.")
    public @interface Config {

        @AttributeDefinition(name = "Name", description = "Unique name of the device group.")
        String name();

        @AttributeDefinition(name = "Devices", required = false,
                description = "Names of the devices in the group; a device belongs to one group at most.")
        String[] devices() default {};

        @AttributeDefinition(name = "Target groups", required = false,
                description = "Names of the target port groups (io.quiver.core.alua.targetgroup) through which the "
                        + "devices are reached; REPORT TARGET PORT GROUPS lists them in this order.")
        String[] target_groups() default {};

        @AttributeDefinition(name = "Logical unit group", min = "0", max = "65535",
                description = "LOGICAL UNIT GROUP designator for VPD page 83h (1..65535), 0 for none.")
        int logical_unit_group() default 0;

        String webconsole_configurationFactory_nameHint() default "Device group {name}: {devices}";
    }

    private volatile DeviceGroup group;

    @Activate
    @Modified
    void configure(Config config) {
        group = toGroup(config.name(), config.devices(), config.target_groups(), config.logical_unit_group());
    }

    /** The group as configured. */
    public DeviceGroup group() {
        return group;
    }

    /**
     * Turns configuration values into a group.
     *
     * @throws IllegalArgumentException for a missing name or a logical unit group outside 0..65535
     */
    static DeviceGroup toGroup(String name, String[] devices, String[] targetGroups, int logicalUnitGroup) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a device group needs a name");
        }
        Set<String> deviceSet = Arrays.stream(devices).map(String::trim).filter(d -> !d.isEmpty())
                .collect(Collectors.toSet());
        List<String> groups = Arrays.stream(targetGroups).map(String::trim).filter(g -> !g.isEmpty()).distinct()
                .collect(Collectors.toList());
        return new DeviceGroup(name.trim(), deviceSet, groups, logicalUnitGroup);
    }
}
