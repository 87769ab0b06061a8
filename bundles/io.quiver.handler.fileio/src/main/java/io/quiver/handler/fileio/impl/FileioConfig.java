package io.quiver.handler.fileio.impl;

import io.quiver.spi.device.IdentityAttributes;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One vdisk_fileio device: a factory configuration of PID {@value FileioHandler#PID}. Attribute
 * names are SCST's ({@code scst.conf} users know them); a double underscore in a method name is one
 * underscore in the property name (OSGi DS 1.4 name mapping).
 */
@ObjectClassDefinition(name = "Quiver fileio device (vdisk_fileio)",
        description = "A logical unit backed by a regular file, like SCST's vdisk_fileio handler.")
public @interface FileioConfig {

    @AttributeDefinition(name = "name", description = "Device name, unique across all handlers "
            + "(SCST device name; LUNs refer to it).")
    String name();

    @AttributeDefinition(name = "filename", description = "Path of the backing file. Created sparse at 'size' "
            + "if missing.")
    String filename();

    @AttributeDefinition(name = "size", description = "Size in bytes. Creates a missing file at this size; an "
            + "existing file keeps its size unless this is larger, then it grows (also at run time: initiators "
            + "get CAPACITY DATA HAS CHANGED). 0 = the file's size.")
    long size() default 0;

    @AttributeDefinition(name = "blocksize", description = "Logical block size in bytes.",
            options = {@Option(label = "512", value = "512"), @Option(label = "4096", value = "4096")})
    int blocksize() default 512;

    @AttributeDefinition(name = "read_only", description = "Export the device read-only.")
    boolean read__only() default false;

    @AttributeDefinition(name = "write_through", description = "Write-through: every write is durable before "
            + "it completes (file opened with O_DSYNC; Caching page WCE = 0).")
    boolean write__through() default false;

    @AttributeDefinition(name = "nv_cache", description = "The cache is non-volatile: FUA and SYNCHRONIZE CACHE "
            + "do not flush. Only safe with a battery-backed or otherwise persistent cache.")
    boolean nv__cache() default false;

    @AttributeDefinition(name = "o_direct", description = "Open the file with O_DIRECT (bypass the page cache). "
            + "'blocksize' must be a multiple of the file system block size.")
    boolean o__direct() default false;

    @AttributeDefinition(name = "thin_provisioned", description = "Report thin provisioning: UNMAP punches "
            + "holes in the file and GET LBA STATUS reports them. Needs a file system that punches "
            + "holes (fallocate PUNCH_HOLE: ext4, xfs, btrfs, tmpfs); elsewhere the device is refused with a message "
            + "instead of pretending.")
    boolean thin__provisioned() default false;

    @AttributeDefinition(name = "inline_memory_io", description = "When the file lives in memory (tmpfs, ramfs), "
            + "serve it as memory, like a RAM disk: READs are sent from a shared mapping of the file (no copy, no "
            + "device thread; the mapped pages count in Quiver's RSS), writes of up to 64 KiB are done on the network "
            + "thread that received the command instead of being handed to a device thread (about half the latency "
            + "of a 4 KiB command), larger writes on the device threads. Turn off if that file system may be "
            + "swapped out: a read of a swapped page waits for the swap device.")
    boolean inline__memory__io() default true;

    @AttributeDefinition(name = "inline_cached_reads", description = "For a file read through the page cache "
            + "(not tmpfs, not o_direct, no dif_type): a READ whose blocks are all in the page cache is served on the "
            + "network thread that received it (preadv2 with RWF_NOWAIT), with no hand-off to a device thread and "
            + "back; a READ that would wait for the disk, and every other command, runs on the device threads. "
            + "Turn off to send every command to the device threads.")
    boolean inline__cached__reads() default true;

    @AttributeDefinition(name = "dif_type", description = "T10 protection information type the device is "
            + "formatted with (SCST's dif_type): 0 none, 1, 2 or 3. The 8 bytes per block are kept in dif_filename, "
            + "checked on every READ and moved with RDPROTECT/WRPROTECT.", min = "0", max = "3")
    int dif__type() default 0;

    @AttributeDefinition(name = "dif_filename", description = "The file keeping the protection information "
            + "(8 bytes per block, sparse; SCST's dif_filename); empty means '<filename>.dif'. Used with dif_type 1-3.")
    String dif__filename() default "";

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

    @AttributeDefinition(name = "threads_num", description = "I/O threads of this device (blocking file I/O "
            + "runs only on them).", min = "1")
    int threads__num() default 2;

    @AttributeDefinition(name = "cluster_mode", description = "SCST's cluster_mode: Quiver nodes sharing this "
            + "device's storage keep its reservations in ZooKeeper (feature quiver-cluster), report the same identity "
            + "(derived from the cluster id) and fence writes when they lose the cluster.")
    boolean cluster__mode() default false;

    @AttributeDefinition(name = "sanitize_max_rate", description = "MiB per second a SANITIZE OVERWRITE may write, so it does not take all the bandwidth of storage other devices share; 0 = no bound.", min = "0")
    int sanitize__max__rate() default 0;

    @AttributeDefinition(name = "Name hint", description = "How the Web Console lists this configuration.")
    String webconsole_configurationFactory_nameHint() default "Device: {name}";
}
