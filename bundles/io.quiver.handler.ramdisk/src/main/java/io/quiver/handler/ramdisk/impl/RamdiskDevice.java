package io.quiver.handler.ramdisk.impl;

import io.netty.buffer.PooledByteBufAllocator;
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
 * One ramdisk per factory configuration of {@value #PID}: an {@link SbcDevice} over a
 * {@link MemoryBlockStore}, registered as a {@link ScsiDevice} service named by {@code name}. A change of
 * {@code size} alone resizes in place (CAPACITY DATA HAS CHANGED; shrinking frees the cut-off blocks);
 * other changes replace the device but keep the data unless {@code blocksize} or {@code dif_type} changed
 * (a new format, as FORMAT UNIT would give). Deleting the
 * configuration frees the memory. The register/resize/replace cycle is {@link BlockDeviceLifecycle}'s.
 * Attribute names follow SCST's vdisk ones. Called by SCR, one callback at a time.
 */
@Component(name = RamdiskDevice.PID, service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RamdiskDevice.Config.class, factory = true)
public final class RamdiskDevice {

    /** The factory PID whose configurations are ramdisks. */
    public static final String PID = "io.quiver.handler.ramdisk";

    /** A ramdisk's attributes. */
    @ObjectClassDefinition(name = "Quiver ramdisk",
            description = "A thin disk in memory: only written blocks take memory, at most size bytes; the data lives as long as the configuration.")
    public @interface Config {
        @AttributeDefinition(name = "name", description = "The device name, unique across handlers.")
        String name();

        @AttributeDefinition(name = "size", description = "Capacity in bytes (a multiple of blocksize); bounds the memory used.")
        long size() default 64L << 20;

        @AttributeDefinition(name = "blocksize", description = "Logical block size in bytes; changing it discards the data.",
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

        @AttributeDefinition(name = "threads_num", description = "Threads of the device; 0 runs commands on the submitting thread (memory never blocks).")
        int threads__num() default 0;

        @AttributeDefinition(name = "dif_type", description = "T10 protection information type the ramdisk is "
                + "formatted with (SCST's dif_type): 0 none, 1, 2 or 3; 8 bytes per block kept in memory beside the "
                + "data. Changing it discards the data, as a FORMAT UNIT would.", min = "0", max = "3")
        int dif__type() default 0;

        @AttributeDefinition(name = "physblk_exp", description = "LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT "
                + "reported in READ CAPACITY (16) (as Linux scsi_debug's physblk_exp): 3 makes a 512-byte-block "
                + "ramdisk look like a 512e disk with 4 KiB physical blocks. Nothing else changes.", min = "0", max = "15")
        int physblk__exp() default 0;

        @AttributeDefinition(name = "sanitize_max_rate", description = "MiB per second a SANITIZE OVERWRITE may write, so it does not take all the bandwidth of storage other devices share; 0 = no bound.", min = "0")
        int sanitize__max__rate() default 0;

        String webconsole_configurationFactory_nameHint() default "Device: {name}";
    }

    private final BlockDeviceLifecycle<Config> lifecycle;
    // Outlives the devices built over it; written only by SCR's callbacks, which come one at a time.
    private MemoryBlockStore store;
    private MemoryBlockStore retired;

    @Activate
    public RamdiskDevice(BundleContext bundle, Config config) throws IOException {
        lifecycle = new BlockDeviceLifecycle<>(bundle, Config.class, RamdiskHandler.NAME, Set.of("size"), this::open,
                this::resize);
        lifecycle.activate(config);
    }

    @Modified
    void modified(Config next) throws IOException {
        try {
            lifecycle.modified(next);
        } finally {
            // a block size change left the old memory behind the device just closed
            if (retired != null) {
                retired.close();
                retired = null;
            }
        }
    }

    @Deactivate
    void deactivate() {
        lifecycle.deactivate();
        store.close();
    }

    /** The device this configuration made, for tests and diagnostics. */
    SbcDevice device() {
        return lifecycle.device();
    }

    MemoryBlockStore store() {
        return store;
    }

    /** A device over the kept memory, or over new memory when there is none or the block size changed. */
    private SbcDevice open(Config c) throws IOException {
        boolean fresh = store == null || store.blockSize() != c.blocksize() || store.protectionType() != c.dif__type();
        MemoryBlockStore s = fresh
                ? new MemoryBlockStore(c.blocksize(), blocks(c), PooledByteBufAllocator.DEFAULT, c.dif__type())
                : store;
        try {
            SbcOptions options = lifecycle.options(false, false, c.rotational(), c.threads__num(),
                    SbcOptions.defaults().queueDepth(), c.sanitize__max__rate());
            SbcDevice d = new SbcDevice(VdiskAttributes.builder(c.name(), RamdiskHandler.NAME, c.t10__vend__id(),
                    c.t10__dev__id(), c.prod__id(), c.usn(), c.naa__id(), c.eui64__id(), c.read__only(),
                    c.removable()).build(), new RetainedStore(s, c.physblk__exp()), options);
            if (fresh) {
                retired = store;
                store = s;
            } else {
                resize(c, Set.of(), d);
            }
            return d;
        } catch (RuntimeException e) {
            if (fresh) {
                s.close();
            }
            throw e;
        }
    }

    private boolean resize(Config c, Set<String> changed, SbcDevice device) throws IOException {
        if (blocks(c) == store.capacityBlocks()) {
            return false;
        }
        store.resize(blocks(c));
        return true;
    }

    private static long blocks(Config c) {
        return c.size() / c.blocksize();
    }
}
