package io.quiver.handler.rbd.impl;

import io.quiver.spi.device.IdentityAttributes;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One vdisk_rbd device: a factory configuration of PID {@value RbdHandler#PID}. Vdisk attribute names are
 * SCST's; a double underscore in a method name is one underscore in the property name (OSGi DS 1.4).
 */
@ObjectClassDefinition(name = "Quiver RBD device (vdisk_rbd)",
        description = "A logical unit backed by a Ceph RBD image, through librbd's asynchronous API.")
public @interface RbdConfig {

    @AttributeDefinition(name = "name", description = "Device name, unique across all handlers.")
    String name();

    @AttributeDefinition(name = "pool", description = "The RADOS pool holding the image.")
    String pool() default "rbd";

    @AttributeDefinition(name = "image", description = "The RBD image's name.")
    String image();

    @AttributeDefinition(name = "namespace", description = "The RBD namespace within the pool (it must exist: "
            + "rbd namespace create). Empty: none.")
    String namespace() default "";

    @AttributeDefinition(name = "user", description = "The Ceph client id the device connects as (client.<user>).")
    String user() default "admin";

    @AttributeDefinition(name = "conf", description = "Path of the ceph.conf naming the monitors. Empty: librados' "
            + "default search (/etc/ceph/ceph.conf).")
    String conf() default "";

    @AttributeDefinition(name = "keyring", type = AttributeType.PASSWORD, description = "The client's cephx secret "
            + "(write-only): the base64 key, or a keyring's text with its \"key = ...\" line. Empty: the keyring "
            + "ceph.conf names.")
    String keyring() default "";

    @AttributeDefinition(name = "size", description = "Size in bytes of an image this device creates when it is "
            + "missing (layering only, no exclusive-lock: docs/rbd.md); 0: the image must exist. Raising it "
            + "grows the image (CAPACITY DATA HAS CHANGED); an update that changes nothing re-reads the "
            + "image's size, so a resize made elsewhere (rbd resize) is picked up.", min = "0")
    long size() default 0;

    @AttributeDefinition(name = "blocksize", description = "Logical block size in bytes.",
            options = {@Option(label = "512", value = "512"), @Option(label = "4096", value = "4096")})
    int blocksize() default 512;

    @AttributeDefinition(name = "physblk_exp", description = "LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT reported "
            + "in READ CAPACITY (16): 3 makes a 512-byte-block device a 512e disk with 4 KiB physical blocks. "
            + "Nothing else changes.", min = "0", max = "15")
    int physblk__exp() default 0;

    @AttributeDefinition(name = "read_only", description = "Export the device read-only.")
    boolean read__only() default false;

    @AttributeDefinition(name = "write_through", description = "Write-through: every write is flushed before it "
            + "completes (Caching page WCE = 0).")
    boolean write__through() default false;

    @AttributeDefinition(name = "thin_provisioned", description = "Report thin provisioning (LBPU, LBPWS): UNMAP "
            + "and WRITE SAME with UNMAP discard, and the range reads back as zeros.")
    boolean thin__provisioned() default true;

    @AttributeDefinition(name = "rotational", description = "Report a rotating medium (VPD B1h).")
    boolean rotational() default false;

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

    @AttributeDefinition(name = "threads_num", description = "I/O threads of this device: each waits for its "
            + "request's librbd completion, so this bounds the requests in flight.", min = "1")
    int threads__num() default 8;

    @AttributeDefinition(name = "osd_op_timeout", description = "Seconds a request may wait for the cluster "
            + "(librados' rados_osd_op_timeout and rados_mon_op_timeout) before its command fails with NOT READY, "
            + "LOGICAL UNIT COMMUNICATION FAILURE; 0: wait for ever, holding the device thread (librados' "
            + "default). tcmu-runner uses 30.", min = "0")
    int osd__op__timeout() default 30;

    @AttributeDefinition(name = "cluster_mode", description = "SCST's cluster_mode: Quiver nodes sharing this "
            + "image keep its reservations in ZooKeeper (feature quiver-cluster), report the same identity and "
            + "fence writes when they lose the cluster.")
    boolean cluster__mode() default false;

    @AttributeDefinition(name = "Name hint", description = "How the Web Console lists this configuration.")
    String webconsole_configurationFactory_nameHint() default "Device: {name}";
}
