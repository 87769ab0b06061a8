package io.quiver.handler.blockio.impl;

import io.quiver.handler.fileio.impl.channel.ChannelBlockStore;
import io.quiver.sbc.SbcDevice;
import io.quiver.sbc.SbcOptions;
import io.quiver.sbc.VdiskAttributes;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.ScsiDevice;
import java.io.File;
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
 * One vdisk_blockio device per factory configuration of {@value BlockioHandler#PID}: opens the block
 * device, wraps it in an {@link SbcDevice} and registers that as a {@link ScsiDevice} service with
 * {@value ScsiDevice#NAME_PROPERTY} = {@code name}.
 *
 * <p>On every configuration update the device's size is read again (SCST's {@code resync_size}): a
 * grown or shrunk device updates the live capacity and the core raises CAPACITY DATA HAS CHANGED. Any
 * other change builds the device anew and swaps the registration; if the new configuration cannot be
 * opened the old device keeps serving and the error goes to SCR's log.
 *
 * <p>Threading: SCR calls activate, modified and deactivate one at a time; they are synchronized anyway
 * because they swap what the registration points to.
 */
@Component(name = BlockioHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = BlockioConfig.class, factory = true)
public class BlockioDeviceComponent {

    private static final Logger LOG = LoggerFactory.getLogger(BlockioDeviceComponent.class);

    private BundleContext bundleContext;
    private Map<String, Object> properties;
    private ChannelBlockStore store;
    private SbcDevice device;
    private ServiceRegistration<ScsiDevice> registration;

    @Activate
    synchronized void activate(BundleContext context, BlockioConfig c, Map<String, Object> props) throws IOException {
        this.bundleContext = context;
        ChannelBlockStore st = open(c);
        register(c, props, st, build(c, st));
    }

    @Modified
    synchronized void modified(BlockioConfig c, Map<String, Object> props) throws IOException {
        if (changedAttributes(properties, props).isEmpty()) {
            resync();
            properties = props;
            return;
        }
        ChannelBlockStore st = open(c);
        SbcDevice replacement = build(c, st);
        unregister();
        device.close();
        register(c, props, st, replacement);
        LOG.info("blockio device {} reconfigured", c.name());
    }

    @Deactivate
    synchronized void deactivate() {
        unregister();
        if (device != null) {
            device.close();
            device = null;
        }
    }

    private void resync() throws IOException {
        long blocks = store.channelSize() / store.blockSize();
        if (blocks != store.capacityBlocks()) {
            store.capacityBlocks(blocks);
            device.resized();
            LOG.info("blockio device {} resized to {} blocks", device.descriptor().name(), blocks);
        }
    }

    private static ChannelBlockStore open(BlockioConfig c) throws IOException {
        if (c.filename() == null || c.filename().isBlank()) {
            throw new IllegalArgumentException("filename is required");
        }
        return BlockDevice.open(Path.of(c.filename().trim()), c.blocksize(), c.read__only(), c.write__through());
    }

    /** A device over {@code st}; closes {@code st} if the configuration is refused. */
    private SbcDevice build(BlockioConfig c, ChannelBlockStore st) throws IOException {
        try {
            if (c.thin__provisioned()) {
                throw new IllegalArgumentException("thin_provisioned: discarding blocks needs the BLKDISCARD ioctl, "
                        + "which Quiver cannot issue from Java and which does not promise zeros on read; "
                        + "set thin_provisioned to false");
            }
            if (c.threads__num() < 1) {
                throw new IllegalArgumentException("threads_num must be >= 1: " + c.threads__num());
            }
            DeviceDescriptor d = VdiskAttributes.builder(c.name(), BlockioHandler.HANDLER, c.t10__vend__id(),
                    c.t10__dev__id(), c.prod__id(), c.usn(), c.naa__id(), c.eui64__id(), c.read__only(), false)
                    .threads(c.threads__num()).build();
            File state = bundleContext.getDataFile("mode-pages");
            SbcOptions o = new SbcOptions(c.write__through(), c.nv__cache(), c.rotational(), c.threads__num(), 128,
                    state == null ? null : state.toPath());
            return new SbcDevice(d, st, o);
        } catch (RuntimeException e) {
            st.close();
            throw e;
        }
    }

    private void register(BlockioConfig c, Map<String, Object> props, ChannelBlockStore st, SbcDevice d) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(ScsiDevice.NAME_PROPERTY, c.name());
        p.put("quiver.handler.name", BlockioHandler.HANDLER);
        this.registration = bundleContext.registerService(ScsiDevice.class, d, p);
        this.properties = props;
        this.store = st;
        this.device = d;
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
