package io.quiver.handler.fileio.impl;

import io.quiver.handler.fileio.impl.channel.ChannelBlockStore;
import io.quiver.sbc.SbcDevice;
import io.quiver.sbc.SbcOptions;
import io.quiver.sbc.VdiskAttributes;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.ScsiDevice;
import java.io.File;
import java.io.IOException;
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
 * One vdisk_fileio device per factory configuration of {@value FileioHandler#PID}: opens the file, wraps it in an
 * {@link SbcDevice} and registers that as a {@link ScsiDevice} service with
 * {@value ScsiDevice#NAME_PROPERTY} = {@code name}.
 *
 * <p>A change of {@code size} alone resizes the live device (the core raises CAPACITY DATA HAS CHANGED).
 * Any other change builds the device anew and swaps the service registration: {@link SbcDevice} takes its
 * descriptor and options only at construction. If the new configuration cannot be opened the old device
 * keeps serving and the error goes to SCR's log.
 *
 * <p>Threading: SCR calls activate, modified and deactivate one at a time; they are synchronized anyway
 * because they swap the device the service registration points to.
 */
@Component(name = FileioHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = FileioConfig.class, factory = true)
public class FileioDeviceComponent {

    private static final Logger LOG = LoggerFactory.getLogger(FileioDeviceComponent.class);

    private BundleContext bundleContext;
    private Map<String, Object> properties;
    private FileioSpec spec;
    private ChannelBlockStore store;
    private SbcDevice device;
    private ServiceRegistration<ScsiDevice> registration;

    @Activate
    synchronized void activate(BundleContext context, FileioConfig c, Map<String, Object> props)
            throws IOException {
        this.bundleContext = context;
        FileioSpec s = FileioSpec.of(c);
        ChannelBlockStore st = BackingFile.open(s);
        register(c, props, s, st, build(c, s, st));
    }

    @Modified
    synchronized void modified(FileioConfig c, Map<String, Object> props) throws IOException {
        FileioSpec next = FileioSpec.of(c);
        Set<String> changed = changedAttributes(properties, props);
        if (changed.isEmpty() || changed.equals(Set.of("size"))) {
            if (!changed.isEmpty()) {
                resize(next);
            }
            properties = props;
            spec = next;
            return;
        }
        ChannelBlockStore st = BackingFile.open(next);
        SbcDevice replacement = build(c, next, st);
        SbcDevice old = device;
        ServiceRegistration<ScsiDevice> oldRegistration = registration;
        try {
            oldRegistration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it while stopping; nothing to undo
        }
        old.close();
        register(c, props, next, st, replacement);
        LOG.info("fileio device {} reconfigured", c.name());
    }

    @Deactivate
    synchronized void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the framework when the bundle stopped
            }
            registration = null;
        }
        if (device != null) {
            device.close();
            device = null;
        }
    }

    /** A device over {@code st}; closes {@code st} if the configuration is refused. */
    private SbcDevice build(FileioConfig c, FileioSpec s, ChannelBlockStore st) {
        try {
            if (c.name() == null || c.name().isBlank()) {
                throw new IllegalArgumentException("name is required");
            }
            if (c.threads__num() < 1) {
                throw new IllegalArgumentException("threads_num must be >= 1: " + c.threads__num());
            }
            return new SbcDevice(descriptor(c, s), st, options(c, s));
        } catch (RuntimeException e) {
            closeQuietly(st);
            throw e;
        }
    }

    private void register(FileioConfig c, Map<String, Object> props, FileioSpec s, ChannelBlockStore st,
            SbcDevice d) {
        Hashtable<String, Object> serviceProps = new Hashtable<>();
        serviceProps.put(ScsiDevice.NAME_PROPERTY, c.name());
        serviceProps.put("quiver.handler.name", FileioHandler.HANDLER);
        this.registration = bundleContext.registerService(ScsiDevice.class, d, serviceProps);
        this.properties = props;
        this.spec = s;
        this.store = st;
        this.device = d;
    }

    private void resize(FileioSpec next) throws IOException {
        String name = device.descriptor().name();
        if (next.readOnly()) {
            LOG.warn("fileio device {}: read_only, the file is not grown to size {}", name, next.size());
            return;
        }
        long bytes = BackingFile.grow(next.filename(), next.size());
        long blocks = bytes / next.blockSize();
        if (blocks == store.capacityBlocks()) {
            LOG.info("fileio device {}: size {} does not exceed the file's {} bytes; capacity unchanged",
                    name, next.size(), bytes);
            return;
        }
        store.capacityBlocks(blocks);
        device.resized();
        LOG.info("fileio device {} resized to {} blocks", name, blocks);
    }

    private DeviceDescriptor descriptor(FileioConfig c, FileioSpec s) {
        return VdiskAttributes.builder(c.name(), FileioHandler.HANDLER, c.t10__vend__id(), c.t10__dev__id(), c.prod__id(),
                c.usn(), c.naa__id(), c.eui64__id(), s.readOnly(), false).threads(c.threads__num()).build();
    }

    private SbcOptions options(FileioConfig c, FileioSpec s) {
        File state = bundleContext.getDataFile("mode-pages");
        return new SbcOptions(s.writeThrough(), c.nv__cache(), c.rotational(), c.threads__num(), 128,
                state == null ? null : state.toPath());
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

    private static void closeQuietly(ChannelBlockStore st) {
        try {
            st.close();
        } catch (IOException e) {
            LOG.warn("closing {} failed", st, e);
        }
    }
}
