package io.quiver.core.impl;

import io.quiver.core.impl.map.LunDefinition;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One LUN as a ConfigAdmin factory configuration of {@value #PID} (SCST's {@code luns/<n>}): the device
 * a LUN number of a target, or of one of its initiator groups, shows. Registers itself as a service that
 * {@link CoreComponent} collects; a change of the configuration updates the LUN in place.
 *
 * <p>Thread-safe: the definition is replaced atomically by DS.
 */
@Component(service = LunConfiguration.class, name = LunConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LunConfiguration.Config.class, factory = true)
public class LunConfiguration {

    /** The factory PID of LUN configurations. */
    public static final String PID = "io.quiver.core.lun";

    @ObjectClassDefinition(name = "Quiver LUN",
            description = "Maps a device to a LUN number of a target's default LUN set or of one of its initiator groups.")
    public @interface Config {

        @AttributeDefinition(name = "Target", description = "The registered name of the target (an iSCSI IQN for iSCSI).")
        String target();

        @AttributeDefinition(name = "LUN", description = "The LUN number, 0 to 16383.", min = "0", max = "16383")
        int lun() default 0;

        @AttributeDefinition(name = "Device", description = "The name of the device (quiver.device.name) the LUN shows.")
        String device();

        @AttributeDefinition(name = "Read-only", description = "Write-protect the LUN whatever the device allows.")
        boolean read__only() default false;

        @AttributeDefinition(name = "Initiator group", required = false,
                description = "The initiator group the LUN belongs to; empty for the target's default LUN set.")
        String group() default "";

        String webconsole_configurationFactory_nameHint() default "LUN {lun} of {target}: {device}";
    }

    private volatile LunDefinition definition;

    @Activate
    @Modified
    void configure(Config config, Map<String, Object> properties) {
        definition = definition(config, String.valueOf(properties.get("service.pid")));
    }

    /** The LUN a configuration describes. */
    static LunDefinition definition(Config config, String pid) {
        return new LunDefinition(pid, config.target(), config.lun(), config.device(), config.read__only(),
                config.group());
    }

    /** The LUN as currently configured. */
    public LunDefinition definition() {
        return definition;
    }
}
