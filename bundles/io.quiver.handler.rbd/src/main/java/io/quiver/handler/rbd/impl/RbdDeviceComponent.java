package io.quiver.handler.rbd.impl;

import io.quiver.sbc.BlockDeviceLifecycle;
import io.quiver.sbc.SbcDevice;
import io.quiver.sbc.VdiskAttributes;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.ScsiDevice;
import java.io.IOException;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One vdisk_rbd device per factory configuration of {@value RbdHandler#PID}: connects to the cluster, opens
 * (or creates) the image, wraps it in an {@link SbcDevice} and registers that as a {@link ScsiDevice}
 * service with {@value ScsiDevice#NAME_PROPERTY} = {@code name}.
 *
 * <p>A change of {@code size} alone grows the image in place; any update re-reads the image's size, so a
 * resize made with {@code rbd resize} is picked up too, and a changed capacity raises CAPACITY DATA HAS
 * CHANGED. Any other change opens a new connection and swaps the registration; if it cannot be opened the
 * old device keeps serving and the error goes to SCR's log.
 *
 * <p>Threading: SCR calls activate, modified and deactivate one at a time; {@link BlockDeviceLifecycle}
 * synchronizes the swap of what the registration points to.
 */
@Component(name = RbdHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = RbdConfig.class, factory = true)
public class RbdDeviceComponent {

    private BlockDeviceLifecycle<RbdConfig> lifecycle;

    @Activate
    void activate(BundleContext context, RbdConfig c) throws IOException {
        lifecycle = new BlockDeviceLifecycle<>(context, RbdConfig.class, RbdHandler.HANDLER, Set.of("size"),
                this::open, RbdDeviceComponent::resize);
        lifecycle.activate(c);
    }

    @Modified
    void modified(RbdConfig c) throws IOException {
        lifecycle.modified(c);
    }

    @Deactivate
    void deactivate() {
        lifecycle.deactivate();
    }

    private static boolean resize(RbdConfig c, Set<String> changed, SbcDevice device) throws IOException {
        RbdBlockStore store = (RbdBlockStore) device.store();
        if (changed.contains("size") && c.size() > 0) {
            store.grow(c.size());
        }
        return store.resync();
    }

    /** A device over the configured image; closes the connection if the configuration is refused. */
    private SbcDevice open(RbdConfig c) throws IOException {
        if (c.blocksize() != 512 && c.blocksize() != 4096) {
            throw new IllegalArgumentException("blocksize must be 512 or 4096: " + c.blocksize());
        }
        if (c.physblk__exp() < 0 || c.physblk__exp() > 15) {
            throw new IllegalArgumentException("physblk_exp must be 0-15: " + c.physblk__exp());
        }
        if (c.threads__num() < 1) {
            throw new IllegalArgumentException("threads_num must be >= 1: " + c.threads__num());
        }
        RbdConnection connection = RbdConnection.open(c);
        RbdBlockStore store;
        try {
            store = new RbdBlockStore(connection, c.blocksize(), c.thin__provisioned(), c.physblk__exp());
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        try {
            DeviceDescriptor d = VdiskAttributes.builder(c.name(), RbdHandler.HANDLER, c.t10__vend__id(),
                    c.t10__dev__id(), c.prod__id(), c.usn(), c.naa__id(), c.eui64__id(), c.read__only(), false)
                    .threads(c.threads__num()).clusterMode(c.cluster__mode()).build();
            return new SbcDevice(d, store, lifecycle.options(c.write__through(), false, c.rotational(),
                    c.threads__num(), 128, 0));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
