package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.ManagementException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@link ConfigStore} over ConfigAdmin: named factory configurations ({@code factoryPid~name}), with
 * the framework's own properties hidden. Thread-safe; blocks briefly on ConfigAdmin.
 */
final class ConfigAdminStore implements ConfigStore {

    private static final Set<String> FRAMEWORK = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, "felix.fileinstall.filename");

    private final ConfigurationAdmin admin;

    ConfigAdminStore(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    @Override
    public List<Entry> list(String factoryPid) {
        try {
            Configuration[] all = admin.listConfigurations("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + factoryPid + ")");
            List<Entry> out = new ArrayList<>();
            if (all != null) {
                for (Configuration c : all) {
                    Map<String, Object> props = new TreeMap<>();
                    Dictionary<String, Object> d = c.getProperties();
                    if (d != null) {
                        for (String k : Collections.list(d.keys())) {
                            if (!FRAMEWORK.contains(k)) {
                                props.put(k, d.get(k));
                            }
                        }
                    }
                    out.add(new Entry(c.getPid(), factoryPid, props));
                }
            }
            return out;
        } catch (IOException | InvalidSyntaxException e) {
            throw new ManagementException("cannot list configurations of " + factoryPid, e);
        }
    }

    @Override
    public String create(String factoryPid, String name, Map<String, Object> properties) {
        try {
            Configuration c = admin.getFactoryConfiguration(factoryPid, name.replaceAll("[^A-Za-z0-9._-]", "_"), "?");
            c.update(new Hashtable<>(properties));
            return c.getPid();
        } catch (IOException e) {
            throw new ManagementException("cannot create " + factoryPid + " " + name, e);
        }
    }

    @Override
    public void update(String pid, Map<String, Object> properties) {
        try {
            admin.getConfiguration(pid, "?").update(new Hashtable<>(properties));
        } catch (IOException e) {
            throw new ManagementException("cannot update " + pid, e);
        }
    }

    @Override
    public void delete(String pid) {
        try {
            admin.getConfiguration(pid, "?").delete();
        } catch (IOException e) {
            throw new ManagementException("cannot delete " + pid, e);
        }
    }
}
