package io.quiver.handler.cdrom.impl;

import io.quiver.spi.device.IdentityAttributes;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One vcdrom device: a factory configuration of PID {@value CdromHandler#PID}. Attribute names are
 * SCST's; a double underscore in a method name is one underscore in the property name (OSGi DS 1.4).
 */
@ObjectClassDefinition(name = "Quiver CD-ROM device (vcdrom)",
        description = "A read-only CD/DVD drive whose medium is an image file, like SCST's vcdrom handler.")
public @interface CdromConfig {

    @AttributeDefinition(name = "name", description = "Device name, unique across all handlers.")
    String name();

    @AttributeDefinition(name = "filename", description = "The image in the drive (2048-byte blocks, e.g. an "
            + "ISO 9660 file). Changing it changes the medium (initiators get NOT READY TO READY CHANGE); "
            + "empty = no medium.")
    String filename() default "";

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

    @AttributeDefinition(name = "threads_num", description = "I/O threads of this device (image reads run "
            + "only on them).", min = "1")
    int threads__num() default 2;

    @AttributeDefinition(name = "Name hint", description = "How the Web Console lists this configuration.")
    String webconsole_configurationFactory_nameHint() default "Device: {name}";
}
