package io.quiver.core.impl.alua;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One ALUA target port group (SCST's TARGET_GROUP), a factory configuration of
 * {@value #PID}. Registered as a service of this class so the {@link AluaManager} gathers every
 * instance; changing the configuration (state, members) is an implicit ALUA transition.
 * Thread-safe: the group is replaced as a whole.
 */
@Component(service = TargetGroupConfiguration.class, name = TargetGroupConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TargetGroupConfiguration.Config.class, factory = true)
public final class TargetGroupConfiguration {

    public static final String PID = "io.quiver.core.alua.targetgroup";

    @ObjectClassDefinition(name = "Quiver ALUA target port group",
            description = "A group of target ports that share one asymmetric access state for the devices of the "
                    + "device groups using it (SPC-4 5.15, SCST's TARGET_GROUP).")
    public @interface Config {

        @AttributeDefinition(name = "Name",
                description = "Unique name of the target port group; device groups refer to it by this name.")
        String name();

        @AttributeDefinition(name = "Group id", min = "1", max = "65535",
                description = "The TARGET PORT GROUP number (1..65535) that REPORT TARGET PORT GROUPS, SET TARGET "
                        + "PORT GROUPS and VPD page 83h use.")
        int group_id();

        @AttributeDefinition(name = "Asymmetric access state",
                description = "The state of every port of the group for the devices of its device groups. Changing "
                        + "it is an implicit transition: initiators get ASYMMETRIC ACCESS STATE CHANGED.",
                options = {
                    @Option(label = "active/optimized", value = "active/optimized"),
                    @Option(label = "active/nonoptimized", value = "active/nonoptimized"),
                    @Option(label = "standby", value = "standby"),
                    @Option(label = "unavailable", value = "unavailable"),
                    @Option(label = "offline", value = "offline"),
                    @Option(label = "transitioning", value = "transitioning")})
        String state() default "active/optimized";

        @AttributeDefinition(name = "Preferred",
                description = "Report the PREF bit: this group is the preferred path (SCST's 'preferred').")
        boolean preferred() default false;

        @AttributeDefinition(name = "Relative target port ids", required = false,
                description = "SPC-4 relative target port identifiers of the ports in this group.")
        int[] relative_target_ports() default {};

        @AttributeDefinition(name = "Targets", required = false,
                description = "Names of targets whose ports belong to this group (alternative to port ids).")
        String[] targets() default {};

        String webconsole_configurationFactory_nameHint() default "Target group {name} ({group.id}): {state}";
    }

    private volatile TargetPortGroup group;

    @Activate
    @Modified
    void configure(Config config) {
        group = toGroup(config);
    }

    /** The group as configured. */
    public TargetPortGroup group() {
        return group;
    }

    /**
     * Turns configuration values into a group.
     *
     * @throws IllegalArgumentException for a missing name, an id outside 1..65535 or an unknown state
     */
    static TargetPortGroup toGroup(Config c) {
        return toGroup(c.name(), c.group_id(), c.state(), c.preferred(), c.relative_target_ports(), c.targets());
    }

    static TargetPortGroup toGroup(String name, int id, String state, boolean preferred, int[] ports,
            String[] targets) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a target port group needs a name");
        }
        Set<Integer> portSet = Arrays.stream(ports).boxed().collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> targetSet = Arrays.stream(targets).map(String::trim).filter(t -> !t.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new TargetPortGroup(name.trim(), id, AccessState.fromConfigName(state), preferred, portSet, targetSet, 0);
    }
}
