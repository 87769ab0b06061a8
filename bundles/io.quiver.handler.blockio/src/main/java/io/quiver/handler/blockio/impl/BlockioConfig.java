package io.quiver.handler.blockio.impl;

import io.quiver.spi.device.IdentityAttributes;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One vdisk_blockio device: a factory configuration of PID {@value BlockioHandler#PID}. Attribute names are
 * SCST's; a double underscore in a method name is one underscore in the property name (OSGi DS 1.4).
 */
@ObjectClassDefinition(name = "Quiver blockio device (vdisk_blockio)",
        description = "A logical unit backed by a Linux block device, like SCST's vdisk_blockio handler.")
public @interface BlockioConfig {

    @AttributeDefinition(name = "name", description = "Device name, unique across all handlers.")
    String name();

    @AttributeDefinition(name = "filename", description = "Path of the block device (/dev/sdX, /dev/mapper/..., "
            + "/dev/loopN). Its size is the device's; a changed size is picked up when the configuration is "
            + "updated.")
    String filename();

    @AttributeDefinition(name = "blocksize", description = "Logical block size in bytes. O_DIRECT (no page "
            + "cache) is used when it is a multiple of the alignment the JVM demands for direct I/O on the "
            + "device node (4096 on Linux /dev); otherwise I/O goes through the page cache.",
            options = {@Option(label = "512", value = "512"), @Option(label = "4096", value = "4096")})
    int blocksize() default 512;

    @AttributeDefinition(name = "read_only", description = "Export the device read-only.")
    boolean read__only() default false;

    @AttributeDefinition(name = "write_through", description = "Write-through: every write is durable before "
            + "it completes (O_DSYNC; Caching page WCE = 0).")
    boolean write__through() default false;

    @AttributeDefinition(name = "nv_cache", description = "The cache is non-volatile: FUA and SYNCHRONIZE CACHE "
            + "do not flush.")
    boolean nv__cache() default false;

    @AttributeDefinition(name = "thin_provisioned", description = "Report thin provisioning and discard on "
            + "UNMAP. Not supported yet (BLKDISCARD is an ioctl out of Java's reach and does not promise zeros "
            + "on read): setting it fails the device with a message instead of pretending.")
    boolean thin__provisioned() default false;

    @AttributeDefinition(name = "rotational", description = "Report a rotating medium (VPD B1h).")
    boolean rotational() default true;

    @AttributeDefinition(name = "t10_vend_id", description = "T10 vendor identification, at most 8 ASCII "
            + "characters. Empty = QUIVER.")
    String t10__vend__id() default "";

    @AttributeDefinition(name = "t10_dev_id", description = IdentityAttributes.T10_DEV_ID)
    String t10__dev__id() default "";

    @AttributeDefinition(name = "usn", description = IdentityAttributes.USN)
    String usn() default "";

    @AttributeDefinition(name = "eui64_id", description = IdentityAttributes.EUI64_ID)
    String eui64__id() default "";

    @AttributeDefinition(name = "naa_id", description = IdentityAttributes.NAA_ID)
    String naa__id() default "";

    @AttributeDefinition(name = "prod_id", description = "Product identification, at most 16 ASCII characters. "
            + "Empty = the device name.")
    String prod__id() default "";

    @AttributeDefinition(name = "threads_num", description = "I/O threads of this device (blocking device I/O "
            + "runs only on them).", min = "1")
    int threads__num() default 2;

    @AttributeDefinition(name = "dif_type", description = "T10 protection information type the device is "
            + "formatted with (SCST's dif_type): 0 none, 1, 2 or 3. The 8 bytes per block are kept in dif_filename, "
            + "which is then required (a block device has no room beside its blocks).", min = "0", max = "3")
    int dif__type() default 0;

    @AttributeDefinition(name = "dif_filename", description = "The regular file keeping the protection "
            + "information (8 bytes per block, sparse; SCST's dif_filename). Required with dif_type 1-3.")
    String dif__filename() default "";

    @AttributeDefinition(name = "cluster_mode", description = "SCST's cluster_mode: Quiver nodes sharing this "
            + "device's storage keep its reservations in ZooKeeper (feature quiver-cluster), report the same identity "
            + "(derived from the cluster id) and fence writes when they lose the cluster.")
    boolean cluster__mode() default false;

    @AttributeDefinition(name = "sanitize_max_rate", description = "MiB per second a SANITIZE OVERWRITE may write, so it does not take all the bandwidth of storage other devices share; 0 = no bound.", min = "0")
    int sanitize__max__rate() default 0;

    @AttributeDefinition(name = "Name hint", description = "How the Web Console lists this configuration.")
    String webconsole_configurationFactory_nameHint() default "Device: {name}";
}
