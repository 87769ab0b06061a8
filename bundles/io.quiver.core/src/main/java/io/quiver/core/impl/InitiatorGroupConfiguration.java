package io.quiver.core.impl;

import io.quiver.core.impl.map.GroupDefinition;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One initiator group as a ConfigAdmin factory configuration of {@value #PID} (SCST's
 * {@code ini_groups/<name>}): which initiators of a target see the group's LUNs instead of the target's
 * default LUN set. Registers itself as a service that {@link CoreComponent} collects.
 *
 * <p>Thread-safe: the definition is replaced atomically by DS.
 */
@Component(service = InitiatorGroupConfiguration.class, name = InitiatorGroupConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = InitiatorGroupConfiguration.Config.class, factory = true)
public class InitiatorGroupConfiguration {

    /** The factory PID of initiator group configurations. */
    public static final String PID = "io.quiver.core.group";

    @ObjectClassDefinition(name = "Quiver initiator group",
            description = "Initiators of a target that see the group's LUNs; a session uses the first group, by name, that admits its initiator.")
    public @interface Config {

        @AttributeDefinition(name = "Target", description = "The registered name of the target the group belongs to.")
        String target();

        @AttributeDefinition(name = "Name", description = "The group's name, unique per target; LUN configurations refer to it.")
        String name();

        @AttributeDefinition(name = "Initiators", required = false,
                description = "Initiator name patterns: * matches any characters, ? one character, a leading ! excludes.")
        String[] initiators() default {};

        String webconsole_configurationFactory_nameHint() default "Group {name} of {target}";
    }

    private volatile GroupDefinition definition;

    @Activate
    @Modified
    void configure(Config config, Map<String, Object> properties) {
        definition = definition(config, String.valueOf(properties.get("service.pid")));
    }

    static GroupDefinition definition(Config config, String pid) {
        return new GroupDefinition(pid, config.target(), config.name(), List.of(config.initiators()));
    }

    /** The group as currently configured. */
    public GroupDefinition definition() {
        return definition;
    }
}
