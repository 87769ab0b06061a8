package io.quiver.handler.cdrom.impl;

import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.ScsiDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vcdrom device per factory configuration of {@value CdromHandler#PID}, registered as a
 * {@link ScsiDevice} service with {@value ScsiDevice#NAME_PROPERTY} = {@code name}.
 *
 * <p>A change of {@code filename} alone is a medium change on the live device (empty = eject); the core
 * raises the unit attention. Any other change builds the device anew and swaps the registration. If a new
 * image cannot be opened the old medium stays and the error goes to SCR's log.
 *
 * <p>Threading: SCR calls activate, modified and deactivate one at a time; they are synchronized anyway
 * because they swap what the registration points to.
 */
@Component(name = CdromHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = CdromConfig.class, factory = true)
public class CdromDeviceComponent {

    private static final Logger LOG = LoggerFactory.getLogger(CdromDeviceComponent.class);

    private BundleContext bundleContext;
    private Map<String, Object> properties;
    private CdromDevice device;
    private ServiceRegistration<ScsiDevice> registration;

    @Activate
    synchronized void activate(BundleContext context, CdromConfig c, Map<String, Object> props) throws IOException {
        this.bundleContext = context;
        register(props, build(c));
    }

    @Modified
    synchronized void modified(CdromConfig c, Map<String, Object> props) throws IOException {
        Set<String> changed = changedAttributes(properties, props);
        if (changed.isEmpty() || changed.equals(Set.of("filename"))) {
            if (!changed.isEmpty()) {
                device.changeMedium(image(c));
                LOG.info("vcdrom {}: medium is now {}", c.name(), filename(c) == null ? "none" : filename(c));
            }
            properties = props;
            return;
        }
        CdromDevice replacement = build(c);
        unregister();
        device.close();
        register(props, replacement);
        LOG.info("vcdrom {} reconfigured", c.name());
    }

    @Deactivate
    synchronized void deactivate() throws IOException {
        unregister();
        if (device != null) {
            device.close();
            device = null;
        }
    }

    private CdromDevice build(CdromConfig c) throws IOException {
        DeviceDescriptor d = CdromIdentity.descriptor(c);
        return new CdromDevice(d, image(c));
    }

    private void register(Map<String, Object> props, CdromDevice d) {
        Hashtable<String, Object> serviceProps = new Hashtable<>();
        serviceProps.put(ScsiDevice.NAME_PROPERTY, d.descriptor().name());
        serviceProps.put("quiver.handler.name", CdromHandler.HANDLER);
        this.registration = bundleContext.registerService(ScsiDevice.class, d, serviceProps);
        this.device = d;
        this.properties = props;
    }

    private void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the framework when the bundle stopped
            }
            registration = null;
        }
    }

    private static IsoImage image(CdromConfig c) throws IOException {
        Path file = filename(c);
        return file == null ? null : IsoImage.open(file);
    }

    private static Path filename(CdromConfig c) {
        String f = c.filename();
        return f == null || f.isBlank() ? null : Path.of(f.trim());
    }

    /** The attributes whose values differ, ignoring what ConfigAdmin and SCR add (pids, ids, hints). */
    static Set<String> changedAttributes(Map<String, Object> before, Map<String, Object> after) {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        keys.removeIf(k -> k.startsWith("service.") || k.startsWith("component.") || k.startsWith("felix.")
                || k.startsWith("webconsole.") || k.startsWith(":"));
        keys.removeIf(k -> Objects.equals(String.valueOf(before.get(k)), String.valueOf(after.get(k))));
        return keys;
    }
}
