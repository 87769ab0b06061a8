package io.quiver.core.impl.alua;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Map;
import java.util.concurrent.Executor;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the states SET TARGET PORT GROUPS chose back into the target port groups' configurations, so an
 * explicit transition survives a restart as SCST's does through its configuration. Runs on an executor:
 * ConfigAdmin may block and STPG may complete on an event loop. Thread-safe.
 */
final class ExplicitStateWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ExplicitStateWriter.class);

    private final ConfigurationAdmin configAdmin;
    private final Executor executor;

    ExplicitStateWriter(ConfigurationAdmin configAdmin, Executor executor) {
        this.configAdmin = configAdmin;
        this.executor = executor;
    }

    /** Stores each group's new state (by group name) in its configuration, asynchronously. */
    void write(Map<String, AccessState> states) {
        executor.execute(() -> states.forEach(this::writeOne));
    }

    private void writeOne(String groupName, AccessState state) {
        String filter = "(&(service.factoryPid=" + TargetGroupConfiguration.PID + ")(name=" + escape(groupName) + "))";
        try {
            Configuration[] configs = configAdmin.listConfigurations(filter);
            if (configs == null) {
                return;
            }
            for (Configuration c : configs) {
                Dictionary<String, Object> props = c.getProperties();
                if (props != null && !state.configName().equals(props.get("state"))) {
                    props.put("state", state.configName());
                    c.update(props);
                }
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("Target port group {}: explicit state {} not saved in its configuration", groupName,
                    state.configName(), e);
        }
    }

    /** Escapes an LDAP filter value (RFC 4515). */
    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (char ch : value.toCharArray()) {
            if (ch == '\\' || ch == '*' || ch == '(' || ch == ')') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }
}
