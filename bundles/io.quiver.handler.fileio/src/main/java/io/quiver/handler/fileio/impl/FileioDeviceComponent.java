package io.quiver.handler.fileio.impl;

import io.quiver.handler.fileio.impl.channel.ChannelBlockStore;
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
 * <p>The register/resize/replace cycle is {@link BlockDeviceLifecycle}'s.
 *
 * <p>Threading: SCR calls activate, modified and deactivate one at a time; the lifecycle synchronizes
 * the swap of the device the service registration points to.
 */
@Component(name = FileioHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = FileioConfig.class, factory = true)
public class FileioDeviceComponent {

    private static final Logger LOG = LoggerFactory.getLogger(FileioDeviceComponent.class);

    private BlockDeviceLifecycle<FileioConfig> lifecycle;

    @Activate
    void activate(BundleContext context, FileioConfig c) throws IOException {
        lifecycle = new BlockDeviceLifecycle<>(context, FileioConfig.class, FileioHandler.HANDLER, Set.of("size"),
                this::open, FileioDeviceComponent::resize);
        lifecycle.activate(c);
    }

    @Modified
    void modified(FileioConfig c) throws IOException {
        lifecycle.modified(c);
    }

    @Deactivate
    void deactivate() {
        lifecycle.deactivate();
    }

    /** A device over the configured file; closes the file if the configuration is refused. */
    private SbcDevice open(FileioConfig c) throws IOException {
        if (c.name() == null || c.name().isBlank()) {
            throw new IllegalArgumentException("name is required");
        }
        if (c.threads__num() < 1) {
            throw new IllegalArgumentException("threads_num must be >= 1: " + c.threads__num());
        }
        FileioSpec s = FileioSpec.of(c);
        ChannelBlockStore st = BackingFile.open(s);
        if (st.memoryBacked()) {
            LOG.info("fileio device {}: {} is on a memory file system; reads and writes up to 64 KiB run on the "
                    + "network threads (inline_memory_io)", c.name(), s.filename());
        }
        try {
            return new SbcDevice(descriptor(c, s), st, lifecycle.options(s.writeThrough(), c.nv__cache(),
                    c.rotational(), c.threads__num(), 128, c.sanitize__max__rate()));
        } catch (RuntimeException e) {
            closeQuietly(st);
            throw e;
        }
    }

    /** Grows the file to a larger {@code size}; a file already larger keeps its size (SCST's rule). */
    private static boolean resize(FileioConfig c, Set<String> changed, SbcDevice device) throws IOException {
        if (changed.isEmpty()) {
            return false;
        }
        FileioSpec next = FileioSpec.of(c);
        String name = device.descriptor().name();
        if (next.readOnly()) {
            LOG.warn("fileio device {}: read_only, the file is not grown to size {}", name, next.size());
            return false;
        }
        ChannelBlockStore store = (ChannelBlockStore) device.store();
        long bytes = BackingFile.grow(next.filename(), next.size());
        long blocks = bytes / next.blockSize();
        if (blocks == store.capacityBlocks()) {
            LOG.info("fileio device {}: size {} does not exceed the file's {} bytes; capacity unchanged",
                    name, next.size(), bytes);
            return false;
        }
        store.capacityBlocks(blocks);
        return true;
    }

    private static DeviceDescriptor descriptor(FileioConfig c, FileioSpec s) {
        return VdiskAttributes.builder(c.name(), FileioHandler.HANDLER, c.t10__vend__id(), c.t10__dev__id(), c.prod__id(),
                c.usn(), c.naa__id(), c.eui64__id(), s.readOnly(), false).threads(c.threads__num()).clusterMode(c.cluster__mode()).build();
    }

    private static void closeQuietly(ChannelBlockStore st) {
        try {
            st.close();
        } catch (IOException e) {
            LOG.warn("closing {} failed", st, e);
        }
    }
}
