package io.quiver.handler.tape.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One standalone vtape drive per factory configuration of {@value VtapeHandler#PID}. A change of
 * {@code filename} alone swaps the cartridge on the live drive (the core raises NOT READY TO READY
 * CHANGE); any other change builds the drive anew.
 *
 * <p>Threading: SCR calls activate, modified and deactivate one at a time; synchronized anyway.
 */
@Component(name = VtapeHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = VtapeConfig.class, factory = true)
public class VtapeComponent {

    private static final Logger LOG = LoggerFactory.getLogger(VtapeComponent.class);

    private BundleContext bundleContext;
    private Map<String, Object> properties;
    private TapeDevice device;
    private final Registrations registrations = new Registrations();

    @Activate
    synchronized void activate(BundleContext context, VtapeConfig c, Map<String, Object> props) throws IOException {
        this.bundleContext = context;
        start(c, props);
    }

    @Modified
    synchronized void modified(VtapeConfig c, Map<String, Object> props) throws IOException {
        if (ConfigDiff.needsRebuild(properties, props, "filename")) {
            stop();
            start(c, props);
            LOG.info("vtape {} reconfigured", c.name());
            return;
        }
        Cartridge old = device.drive().remove();
        if (old != null) {
            old.close();
        }
        insert(device.drive(), c);
        device.mediumChanged();
        properties = props;
    }

    @Deactivate
    synchronized void deactivate() throws IOException {
        stop();
    }

    TapeDevice device() {
        return device;
    }

    private void start(VtapeConfig c, Map<String, Object> props) throws IOException {
        TapeDrive drive = new TapeDrive();
        insert(drive, c);
        device = new TapeDevice(TapeIdentity.drive(c.name(), c.t10__dev__id(), c.usn(), c.naa__id(), c.eui64__id()), drive);
        registrations.register(bundleContext, device);
        properties = props;
    }

    private void stop() throws IOException {
        registrations.unregisterAll();
        if (device != null) {
            Cartridge c = device.drive().remove();
            device = null;
            if (c != null) {
                c.close();
            }
        }
    }

    /** Puts the configured cartridge in, creating a blank one (barcode = file name) if the file is missing. */
    private static void insert(TapeDrive drive, VtapeConfig c) throws IOException {
        String f = c.filename();
        if (f == null || f.isBlank()) {
            return;
        }
        Path file = Path.of(f.trim());
        if (!Files.exists(file)) {
            String barcode = file.getFileName().toString().replaceAll("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9_-]", "");
            Cartridge.create(file, barcode.isEmpty() ? "TAPE" : barcode.substring(0, Math.min(31, barcode.length())),
                    c.capacity__mb());
        }
        drive.insert(Cartridge.open(file));
    }
}
