package io.quiver.handler.blockio.impl;

import io.quiver.handler.fileio.impl.channel.ChannelBlockStore;
import io.quiver.handler.fileio.impl.channel.ProtectionFile;
import io.quiver.sbc.BlockDeviceLifecycle;
import io.quiver.sbc.SbcDevice;
import io.quiver.sbc.VdiskAttributes;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.ScsiDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

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
 * <p>The register/resync/replace cycle is {@link BlockDeviceLifecycle}'s.
 *
 * <p>Threading: SCR calls activate, modified and deactivate one at a time; the lifecycle synchronizes
 * the swap of what the registration points to.
 */
@Component(name = BlockioHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = BlockioConfig.class, factory = true)
public class BlockioDeviceComponent {

    private BlockDeviceLifecycle<BlockioConfig> lifecycle;

    @Activate
    void activate(BundleContext context, BlockioConfig c) throws IOException {
        // no attribute resizes: an update that changes nothing re-reads the device's size instead
        lifecycle = new BlockDeviceLifecycle<>(context, BlockioConfig.class, BlockioHandler.HANDLER, Set.of(),
                this::open, BlockioDeviceComponent::resync);
        lifecycle.activate(c);
    }

    @Modified
    void modified(BlockioConfig c) throws IOException {
        lifecycle.modified(c);
    }

    @Deactivate
    void deactivate() {
        lifecycle.deactivate();
    }

    private static boolean resync(BlockioConfig c, Set<String> changed, SbcDevice device) throws IOException {
        ChannelBlockStore store = (ChannelBlockStore) device.store();
        long blocks = store.channelSize() / store.blockSize();
        if (blocks == store.capacityBlocks()) {
            return false;
        }
        store.capacityBlocks(blocks);
        return true;
    }

    /** A device over the configured block device; closes it if the configuration is refused. */
    private SbcDevice open(BlockioConfig c) throws IOException {
        if (c.filename() == null || c.filename().isBlank()) {
            throw new IllegalArgumentException("filename is required");
        }
        if (c.thin__provisioned()) {
            throw new IllegalArgumentException("thin_provisioned: discarding blocks needs the BLKDISCARD ioctl, "
                    + "which Quiver cannot issue from Java and which does not promise zeros on read; "
                    + "set thin_provisioned to false");
        }
        if (c.threads__num() < 1) {
            throw new IllegalArgumentException("threads_num must be >= 1: " + c.threads__num());
        }
        String dif = c.dif__filename() == null ? "" : c.dif__filename().trim();
        if (c.dif__type() != 0 && dif.isEmpty()) {
            throw new IllegalArgumentException("dif_filename: required with dif_type " + c.dif__type()
                    + " (a block device has no room for protection information beside its blocks)");
        }
        ChannelBlockStore st = BlockDevice.open(Path.of(c.filename().trim()), c.blocksize(), c.read__only(),
                c.write__through(),
                c.dif__type() == 0 ? null : ProtectionFile.open(Path.of(dif), c.dif__type(), c.read__only()));
        try {
            DeviceDescriptor d = VdiskAttributes.builder(c.name(), BlockioHandler.HANDLER, c.t10__vend__id(),
                    c.t10__dev__id(), c.prod__id(), c.usn(), c.naa__id(), c.eui64__id(), c.read__only(), false)
                    .threads(c.threads__num()).clusterMode(c.cluster__mode()).build();
            return new SbcDevice(d, st, lifecycle.options(c.write__through(), c.nv__cache(), c.rotational(),
                    c.threads__num(), 128, c.sanitize__max__rate()));
        } catch (RuntimeException e) {
            st.close();
            throw e;
        }
    }
}
