package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.core.impl.CoreComponent;
import io.quiver.core.impl.InitiatorGroupConfiguration;
import io.quiver.core.impl.LunConfiguration;
import io.quiver.spi.device.DeviceHandler;
import io.quiver.spi.target.TargetDriver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.MetaTypeService;

/**
 * Registers the {@link ManagementTree} service: a {@link TreeModel} over the running core,
 * ConfigAdmin, the MetaTypeService (attribute descriptions; without it attributes are listed without
 * descriptions only where configured) and the installed handlers and drivers. Thread-safe.
 */
@Component(service = ManagementTree.class)
public class ManagementTreeComponent implements ManagementTree {

    private final Map<String, Bundle> designators = new ConcurrentHashMap<>();
    private final Map<DeviceHandler, String> handlers = new ConcurrentHashMap<>();
    private final Map<TargetDriver, String> drivers = new ConcurrentHashMap<>();
    private final TreeModel model;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MetaTypeService metaType;

    @Activate
    public ManagementTreeComponent(BundleContext context, @Reference CoreComponent core,
            @Reference ConfigurationAdmin configAdmin) {
        designators.put(LunConfiguration.PID, context.getBundle());
        designators.put(InitiatorGroupConfiguration.PID, context.getBundle());
        designators.put(CoreComponent.PID, context.getBundle());
        TreeResolver.ALUA.values().forEach(pid -> designators.put(pid, context.getBundle()));
        AttributeCatalog catalog = pid -> {
            MetaTypeService m = metaType;
            // A handler's or driver's bundle that was uninstalled cannot be asked for its metatype any more
            // (its configurations wait for it, undescribed); a new bundle replaces it when it binds.
            return m == null ? List.of() : new MetaTypeCatalog(m, p -> {
                Bundle b = designators.get(p);
                return b == null || b.getState() == Bundle.UNINSTALLED ? null : b;
            }).attributes(pid);
        };
        java.io.File knownFile = context.getDataFile("known-plugins.properties");
        this.model = new TreeModel(core::core, new ConfigAdminStore(configAdmin), catalog,
                new KnownPlugins(knownFile == null ? null : knownFile.toPath()));
        handlers.forEach((h, n) -> model.handler(h.name(), h.deviceFactoryPid()));
        drivers.forEach((d, n) -> model.driver(d.name(), d.targetFactoryPid(), d.configurationPid()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindHandler(DeviceHandler handler, ServiceReference<DeviceHandler> ref) {
        handlers.put(handler, handler.name());
        designators.put(handler.deviceFactoryPid(), ref.getBundle());
        if (model != null) {
            model.handler(handler.name(), handler.deviceFactoryPid());
        }
    }

    void unbindHandler(DeviceHandler handler) {
        handlers.remove(handler);
        if (model != null) {
            model.removeHandler(handler.name());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDriver(TargetDriver driver, ServiceReference<TargetDriver> ref) {
        drivers.put(driver, driver.name());
        if (driver.targetFactoryPid() != null) {
            designators.put(driver.targetFactoryPid(), ref.getBundle());
        }
        if (driver.configurationPid() != null) {
            designators.put(driver.configurationPid(), ref.getBundle());
        }
        if (model != null) {
            model.driver(driver.name(), driver.targetFactoryPid(), driver.configurationPid());
        }
    }

    void unbindDriver(TargetDriver driver) {
        drivers.remove(driver);
        if (model != null) {
            model.removeDriver(driver.name());
        }
    }

    @Override
    public Optional<NodeDTO> node(String path) {
        return model.node(path);
    }

    @Override
    public List<NodeDTO> children(String path) {
        return model.children(path);
    }

    @Override
    public void setAttribute(String path, String attribute, String value) {
        model.setAttribute(path, attribute, value);
    }

    @Override
    public String create(String parentPath, String name, Map<String, String> attributes) {
        return model.create(parentPath, name, attributes);
    }

    @Override
    public void delete(String path) {
        model.delete(path);
    }

    @Override
    public String run(String path, String command, Map<String, String> parameters) {
        return model.run(path, command, parameters);
    }
}
