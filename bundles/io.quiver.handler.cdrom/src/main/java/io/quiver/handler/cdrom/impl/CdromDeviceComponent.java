package io.quiver.handler.cdrom.impl;

import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.ScsiDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Objects;
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
    private CdromConfig config;
    private CdromDevice device;
    private ServiceRegistration<ScsiDevice> registration;

    @Activate
    synchronized void activate(BundleContext context, CdromConfig c) throws IOException {
        this.bundleContext = context;
        register(c, build(c));
    }

    @Modified
    synchronized void modified(CdromConfig c) throws IOException {
        if (sameDevice(config, c)) {
            if (!Objects.equals(filename(config), filename(c))) {
                device.changeMedium(image(c));
                LOG.info("vcdrom {}: medium is now {}", c.name(), filename(c) == null ? "none" : filename(c));
            }
            config = c;
            return;
        }
        CdromDevice replacement = build(c);
        unregister();
        device.close();
        register(c, replacement);
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

    /** The live device, for tests. */
    synchronized CdromDevice device() {
        return device;
    }

    private CdromDevice build(CdromConfig c) throws IOException {
        DeviceDescriptor d = CdromIdentity.descriptor(c);
        return new CdromDevice(d, image(c));
    }

    private void register(CdromConfig c, CdromDevice d) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ScsiDevice.NAME_PROPERTY, d.descriptor().name());
        props.put("quiver.handler.name", CdromHandler.HANDLER);
        this.registration = bundleContext.registerService(ScsiDevice.class, d, props);
        this.device = d;
        this.config = c;
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

    /** Whether two configurations describe the same device apart from the medium. */
    private static boolean sameDevice(CdromConfig a, CdromConfig b) {
        return Objects.equals(a.name(), b.name()) && Objects.equals(a.t10__vend__id(), b.t10__vend__id())
                && Objects.equals(a.t10__dev__id(), b.t10__dev__id()) && Objects.equals(a.usn(), b.usn())
                && Objects.equals(a.eui64__id(), b.eui64__id()) && Objects.equals(a.naa__id(), b.naa__id())
                && Objects.equals(a.prod__id(), b.prod__id()) && a.threads__num() == b.threads__num();
    }
}
