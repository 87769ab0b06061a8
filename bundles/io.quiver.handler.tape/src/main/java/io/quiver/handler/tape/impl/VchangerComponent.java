package io.quiver.handler.tape.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * One tape library per factory configuration of {@value VchangerHandler#PID}: registers the changer
 * device {@code name} and the drives {@code name_drive0..}, all over one {@link Library}. A change of
 * {@code cartridges} alone creates the cartridges it adds on the live library; any other change builds
 * the library anew (the cartridges stay where library.state says).
 *
 * <p>Threading: SCR calls activate, modified and deactivate one at a time; synchronized anyway.
 */
@Component(name = VchangerHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = VchangerConfig.class, factory = true)
public class VchangerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(VchangerComponent.class);

    private BundleContext bundleContext;
    private Map<String, Object> properties;
    private Library library;
    private ChangerDevice changer;
    private final Registrations registrations = new Registrations();

    @Activate
    synchronized void activate(BundleContext context, VchangerConfig c, Map<String, Object> props) throws IOException {
        this.bundleContext = context;
        start(c, props);
    }

    @Modified
    synchronized void modified(VchangerConfig c, Map<String, Object> props) throws IOException {
        if (ConfigDiff.needsRebuild(properties, props, "cartridges")) {
            stop();
            start(c, props);
            LOG.info("vchanger {} reconfigured", c.name());
            return;
        }
        createCartridges(library, c);
        properties = props;
    }

    @Deactivate
    synchronized void deactivate() throws IOException {
        stop();
    }

    ChangerDevice changer() {
        return changer;
    }

    private void start(VchangerConfig c, Map<String, Object> props) throws IOException {
        if (c.library() == null || c.library().isBlank()) {
            throw new IllegalArgumentException("vchanger " + c.name() + ": library (the cartridge folder) is required");
        }
        List<TapeDevice> drives = new ArrayList<>();
        List<TapeDrive> mechanisms = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < c.drives(); i++) {
            String name = c.name().trim() + "_drive" + i;
            TapeDrive d = new TapeDrive();
            mechanisms.add(d);
            names.add(name);
            drives.add(new TapeDevice(TapeIdentity.drive(name, "", "", "", ""), d));
        }
        Library lib = new Library(Path.of(c.library().trim()), c.slots(), c.ie__slots(), mechanisms,
                d -> drives.get(d).mediumChanged());
        createCartridges(lib, c);
        library = lib;
        changer = new ChangerDevice(TapeIdentity.changer(c.name(), c.t10__dev__id(), c.usn()), lib, names);
        registrations.register(bundleContext, changer);
        drives.forEach(d -> registrations.register(bundleContext, d));
        properties = props;
    }

    private void stop() throws IOException {
        registrations.unregisterAll();
        if (library != null) {
            library.close();
            library = null;
            changer = null;
        }
    }

    /** Creates the cartridges {@code cartridges} names that the folder lacks. */
    static void createCartridges(Library lib, VchangerConfig c) throws IOException {
        String list = c.cartridges();
        if (list == null) {
            return;
        }
        for (String item : list.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.indexOf(':');
            long mb = c.capacity__mb();
            if (colon >= 0) {
                try {
                    mb = Long.parseLong(s.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("vchanger " + c.name() + ": cartridges: not a size in MB: " + s, e);
                }
                s = s.substring(0, colon).trim();
            }
            lib.createCartridge(s, mb);
        }
    }
}
