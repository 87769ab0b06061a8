package io.quiver.transport.iscsi.impl.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of one iSCSI target, factory PID {@code io.quiver.transport.iscsi.target}, with the attributes
 * iscsi-scst has per target. Negotiation values are what the target accepts as acceptor; a negotiation key
 * the configuration does not hold comes from the driver's defaults ({@link DriverConfig}), so the defaults
 * shown here are the driver's own defaults; RFC defaults apply to keys the initiator does not offer.
 */
@ObjectClassDefinition(name = "Quiver iSCSI target",
        description = "One iSCSI target (SCSI target port) of the iSCSI driver, as iscsi-scst's target attributes. "
                + "Negotiation keys left unset follow the driver's defaults (Quiver iSCSI target driver).")
public @interface TargetConfig {

    @AttributeDefinition(name = "Name", description = "The target's iSCSI name (iqn., eui. or naa. form).")
    String name();

    @AttributeDefinition(name = "Enabled",
            description = "Whether the target accepts logins and is listed by discovery. Unlike SCST (default 0), "
                    + "Quiver's default is true so that a configured target serves at once; set false to "
                    + "prepare a target before exposing it. Disabling logs sessions out first.")
    boolean enabled() default true;

    @AttributeDefinition(name = "IncomingUser", type = AttributeType.PASSWORD,
            description = "CHAP users initiators must log in as, each \"name secret\" (write-only). Empty: no "
                    + "authentication.")
    String[] IncomingUser() default {};

    @AttributeDefinition(name = "OutgoingUser", type = AttributeType.PASSWORD,
            description = "\"name secret\" the target answers a mutual CHAP challenge with (write-only).")
    String OutgoingUser() default "";

    @AttributeDefinition(name = "TargetAlias", description = "TargetAlias declared at login; empty for none.")
    String TargetAlias() default "";

    @AttributeDefinition(name = "Portal group tag",
            description = "TargetPortalGroupTag of the portals serving this target (1..65535).", min = "1", max = "65535")
    int portal__group__tag() default 1;

    @AttributeDefinition(name = "rel_tgt_id",
            description = "SPC-4 relative target port identifier; 0 lets the core assign one.", min = "0", max = "65535")
    int rel__tgt__id() default 0;

    @AttributeDefinition(name = "allowed_portal",
            description = "Glob patterns (* and ?) over address:port of the portals that serve this target; "
                    + "empty: all.")
    String[] allowed__portal() default {};

    @AttributeDefinition(name = "redirect",
            description = "Send logins to this target elsewhere: 'address[:port] [temp|perm]' as iscsi-scst's "
                    + "redirect (RFC 7143 login status 0101h temporary, the default, or 0102h permanent, with "
                    + "TargetAddress). A login arriving on the destination portal itself is served. Empty: none.")
    String redirect() default "";

    @AttributeDefinition(name = "per_portal_acl",
            description = "Initiator groups match the initiator name with '#address:port' of the portal "
                    + "appended, so access can differ per portal.")
    boolean per__portal__acl() default false;

    @AttributeDefinition(name = "QueuedCommands",
            description = "Most commands a session may have in flight: bounds MaxCmdSN (the core's queue depth "
                    + "may lower it).", min = "1", max = "2048")
    int QueuedCommands() default 32;

    @AttributeDefinition(name = "HeaderDigest", description = "Header digests the target accepts, preferred first.",
            options = {@Option(label = "None", value = "None"), @Option(label = "CRC32C", value = "CRC32C"),
                @Option(label = "CRC32C or None", value = "CRC32C,None"), @Option(label = "None or CRC32C", value = "None,CRC32C")})
    String HeaderDigest() default "CRC32C,None";

    @AttributeDefinition(name = "DataDigest", description = "Data digests the target accepts, preferred first.",
            options = {@Option(label = "None", value = "None"), @Option(label = "CRC32C", value = "CRC32C"),
                @Option(label = "CRC32C or None", value = "CRC32C,None"), @Option(label = "None or CRC32C", value = "None,CRC32C")})
    String DataDigest() default "CRC32C,None";

    @AttributeDefinition(name = "InitialR2T", description = "Whether the initiator must wait for an R2T before "
            + "sending unsolicited Data-Out (OR with the initiator's value).")
    boolean InitialR2T() default false;

    @AttributeDefinition(name = "ImmediateData", description = "Whether data may travel in the SCSI Command PDU "
            + "(AND with the initiator's value).")
    boolean ImmediateData() default true;

    @AttributeDefinition(name = "MaxRecvDataSegmentLength", description = "Largest data segment the target "
            + "accepts (declared), 512..16777215.", min = "512", max = "16777215")
    int MaxRecvDataSegmentLength() default 1048576;

    @AttributeDefinition(name = "MaxBurstLength", description = "Largest solicited data sequence, 512..16777215.",
            min = "512", max = "16777215")
    int MaxBurstLength() default 1048576;

    @AttributeDefinition(name = "FirstBurstLength", description = "Largest unsolicited data (immediate plus "
            + "Data-Out), 512..16777215, at most MaxBurstLength.", min = "512", max = "16777215")
    int FirstBurstLength() default 65536;

    @AttributeDefinition(name = "MaxOutstandingR2T", description = "R2Ts a command may have outstanding, 1..65535.",
            min = "1", max = "65535")
    int MaxOutstandingR2T() default 32;

    @AttributeDefinition(name = "DefaultTime2Wait", description = "Seconds before reconnecting after a logout "
            + "or drop, 0..3600.", min = "0", max = "3600")
    int DefaultTime2Wait() default 2;

    @AttributeDefinition(name = "DefaultTime2Retain", description = "Seconds task state is kept after a drop, "
            + "0..3600 (0: ErrorRecoveryLevel 0 keeps none).", min = "0", max = "3600")
    int DefaultTime2Retain() default 0;

    String webconsole_configurationFactory_nameHint() default "iSCSI target: {name}";
}
