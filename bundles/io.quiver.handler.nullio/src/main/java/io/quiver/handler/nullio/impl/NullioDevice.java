package io.quiver.handler.nullio.impl;

import io.quiver.sbc.BlockDeviceLifecycle;
import io.quiver.sbc.SbcDevice;
import io.quiver.sbc.SbcOptions;
import io.quiver.sbc.VdiskAttributes;
import io.quiver.spi.device.IdentityAttributes;
import io.quiver.spi.device.ScsiDevice;
import java.io.IOException;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One nullio device per factory configuration of {@value #PID}: builds an {@link SbcDevice} over a
 * {@link NullBlockStore} and registers it as a {@link ScsiDevice} service named by {@code name}. A change
 * of {@code size} alone resizes the device in place (CAPACITY DATA HAS CHANGED); any other change
 * replaces the device ({@link BlockDeviceLifecycle}). Attribute names are SCST's vdisk ones. Called by SCR,
 * one callback at a time.
 */
@Component(name = NullioDevice.PID, service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NullioDevice.Config.class, factory = true)
public final class NullioDevice {

    /** The factory PID whose configurations are nullio devices. */
    public static final String PID = "io.quiver.handler.nullio";

    /** A nullio device's attributes (SCST vdisk_nullio). */
    @ObjectClassDefinition(name = "Quiver nullio device",
            description = "A disk that stores nothing: reads return zeros, writes are dropped (SCST vdisk_nullio).")
    public @interface Config {
        @AttributeDefinition(name = "name", description = "The device name, unique across handlers.")
        String name();

        @AttributeDefinition(name = "size", description = "Capacity in bytes (a multiple of blocksize).")
        long size() default 1L << 40;

        @AttributeDefinition(name = "blocksize", description = "Logical block size in bytes.",
                options = {@Option(label = "512", value = "512"), @Option(label = "4096", value = "4096")})
        int blocksize() default 512;

        @AttributeDefinition(name = "read_only", description = "Refuse every write (DATA PROTECT).")
        boolean read__only() default false;

        @AttributeDefinition(name = "rotational", description = "Report a rotating medium in VPD B1h.")
        boolean rotational() default false;

        @AttributeDefinition(name = "removable", description = "Report a removable medium (RMB).")
        boolean removable() default false;

        @AttributeDefinition(name = "t10_vend_id", description = "T10 vendor identification, up to 8 characters.")
        String t10__vend__id() default "QUIVER";

        @AttributeDefinition(name = "t10_dev_id", description = IdentityAttributes.T10_DEV_ID)
        String t10__dev__id() default "";

        @AttributeDefinition(name = "prod_id", description = "Product identification, up to 16 characters; empty means the name.")
        String prod__id() default "";

        @AttributeDefinition(name = "usn", description = IdentityAttributes.USN)
        String usn() default "";

        @AttributeDefinition(name = "naa_id", description = IdentityAttributes.NAA_ID)
        String naa__id() default "";

        @AttributeDefinition(name = "eui64_id", description = IdentityAttributes.EUI64_ID)
        String eui64__id() default "";

        @AttributeDefinition(name = "threads_num", description = "Threads of the device; 0 runs commands on the submitting thread (nullio never blocks).")
        int threads__num() default 0;

        @AttributeDefinition(name = "sanitize_max_rate", description = "MiB per second a SANITIZE OVERWRITE may write, so it does not take all the bandwidth of storage other devices share; 0 = no bound.", min = "0")
        int sanitize__max__rate() default 0;

        String webconsole_configurationFactory_nameHint() default "Device: {name}";
    }

    private final BlockDeviceLifecycle<Config> lifecycle;

    @Activate
    public NullioDevice(BundleContext bundle, Config config) throws IOException {
        lifecycle = new BlockDeviceLifecycle<>(bundle, Config.class, NullioHandler.NAME, Set.of("size"), this::open,
                NullioDevice::resize);
        lifecycle.activate(config);
    }

    @Modified
    void modified(Config next) throws IOException {
        lifecycle.modified(next);
    }

    @Deactivate
    void deactivate() {
        lifecycle.deactivate();
    }

    /** The device this configuration made, for tests and diagnostics. */
    SbcDevice device() {
        return lifecycle.device();
    }

    private SbcDevice open(Config c) {
        SbcOptions options = lifecycle.options(false, false, c.rotational(), c.threads__num(),
                SbcOptions.defaults().queueDepth(), c.sanitize__max__rate());
        return new SbcDevice(VdiskAttributes.builder(c.name(), NullioHandler.NAME, c.t10__vend__id(),
                c.t10__dev__id(), c.prod__id(), c.usn(), c.naa__id(), c.eui64__id(), c.read__only(),
                c.removable()).build(), new NullBlockStore(c.blocksize(), c.size() / c.blocksize()), options);
    }

    private static boolean resize(Config c, Set<String> changed, SbcDevice device) {
        long blocks = c.size() / c.blocksize();
        if (blocks == device.store().capacityBlocks()) {
            return false;
        }
        ((NullBlockStore) device.store()).resize(blocks);
        return true;
    }
}
