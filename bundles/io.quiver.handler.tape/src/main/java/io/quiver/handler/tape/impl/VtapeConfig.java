package io.quiver.handler.tape.impl;

import io.quiver.spi.device.IdentityAttributes;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One standalone virtual tape drive: a factory configuration of PID {@value VtapeHandler#PID}. A double
 * underscore in a method name is one underscore in the property name (OSGi DS 1.4).
 */
@ObjectClassDefinition(name = "Quiver virtual tape drive (vtape)",
        description = "A standalone SSC-3 tape drive whose cartridge is a file in tgt's virtual tape format. "
                + "Drives of a tape library are made by the library (vchanger) instead.")
public @interface VtapeConfig {

    @AttributeDefinition(name = "name", description = "Device name, unique across all handlers.")
    String name();

    @AttributeDefinition(name = "filename", description = "The cartridge in the drive, a tgt virtual tape file "
            + "(tgtimg --device-type tape). It is created blank if it does not exist. Empty = no cartridge. "
            + "A file the target may not write is a write-protected cartridge. Changing it changes the medium.")
    String filename() default "";

    @AttributeDefinition(name = "capacity_mb", description = "Capacity in MiB of a cartridge this drive creates.",
            min = "1")
    long capacity__mb() default 1024;

    @AttributeDefinition(name = "t10_dev_id", description = IdentityAttributes.T10_DEV_ID)
    String t10__dev__id() default "";

    @AttributeDefinition(name = "usn", description = IdentityAttributes.USN)
    String usn() default "";

    @AttributeDefinition(name = "eui64_id", description = IdentityAttributes.EUI64_ID)
    String eui64__id() default "";

    @AttributeDefinition(name = "naa_id", description = IdentityAttributes.NAA_ID)
    String naa__id() default "";

    @AttributeDefinition(name = "Name hint", description = "How the Web Console lists this configuration.")
    String webconsole_configurationFactory_nameHint() default "Tape drive: {name}";
}
