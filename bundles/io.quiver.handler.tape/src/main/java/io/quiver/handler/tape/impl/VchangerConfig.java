package io.quiver.handler.tape.impl;

import io.quiver.spi.device.IdentityAttributes;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One tape library: a factory configuration of PID {@value VchangerHandler#PID}. It makes the changer
 * device {@code name} and the drive devices {@code name_drive0 .. name_driveN-1} (handler vtape), which
 * are mapped to LUNs like any device.
 */
@ObjectClassDefinition(name = "Quiver tape library (vchanger)",
        description = "An SMC-3 media changer with its own SSC-3 tape drives, storage slots, import/export "
                + "elements and a folder of cartridge files in tgt's virtual tape format.")
public @interface VchangerConfig {

    @AttributeDefinition(name = "name", description = "The changer's device name; its drives are NAME_drive0, NAME_drive1, ...")
    String name();

    @AttributeDefinition(name = "library", description = "The folder of the cartridge files (created if missing). "
            + "Any tgt virtual tape file put there is found by INITIALIZE ELEMENT STATUS; library.state records "
            + "which cartridge is in which element.")
    String library();

    @AttributeDefinition(name = "drives", description = "Tape drives (data transfer elements).", min = "1", max = "3840")
    int drives() default 1;

    @AttributeDefinition(name = "slots", description = "Storage elements.", min = "1", max = "61439")
    int slots() default 10;

    @AttributeDefinition(name = "ie_slots", description = "Import/export elements (mail slots).", min = "0", max = "240")
    int ie__slots() default 1;

    @AttributeDefinition(name = "cartridges", description = "Cartridges to create in the folder if missing, "
            + "comma-separated BARCODE or BARCODE:MB (default size capacity_mb); new ones go to free slots. "
            + "Removing one from the list does not delete its file.")
    String cartridges() default "";

    @AttributeDefinition(name = "capacity_mb", description = "Capacity in MiB of a cartridge created without a size.",
            min = "1")
    long capacity__mb() default 1024;

    @AttributeDefinition(name = "t10_dev_id", description = IdentityAttributes.T10_DEV_ID)
    String t10__dev__id() default "";

    @AttributeDefinition(name = "usn", description = IdentityAttributes.USN)
    String usn() default "";

    @AttributeDefinition(name = "Name hint", description = "How the Web Console lists this configuration.")
    String webconsole_configurationFactory_nameHint() default "Tape library: {name}";
}
