package io.quiver.transport.fcoe.impl.config;

import io.quiver.transport.fcoe.impl.port.LocalPort;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of one fcst target (one VN_Port on one Ethernet interface), factory PID
 * {@code io.quiver.transport.fcoe.target}.
 */
@ObjectClassDefinition(name = "Quiver FCoE target",
        description = "One FCoE target port (SCST fcst), FIP VN2VN or behind an FCF, on an Ethernet interface.")
public @interface FcoeTargetConfig {

    @AttributeDefinition(name = "Name", description = "The target's port name (WWPN) in colon notation, "
            + "e.g. 10:00:52:54:00:12:34:56; it is also the target's name in the core and in scst.conf.")
    String name();

    @AttributeDefinition(name = "node_name", description = "The node name (WWNN); empty: 20:00 and the "
            + "interface's MAC address.")
    String node__name() default "";

    @AttributeDefinition(name = "interface_name", description = "The Ethernet interface the VN_Port lives on.")
    String interface__name();

    @AttributeDefinition(name = "netns", description = "Network namespace (a name under /run/netns) the "
            + "interface is in; empty: the target's own.")
    String netns() default "";

    @AttributeDefinition(name = "Enabled", description = "Whether the VN_Port is claimed and accepts logins.")
    boolean enabled() default true;

    @AttributeDefinition(name = "rel_tgt_id", description = "SPC-4 relative target port identifier; 0 lets "
            + "the core assign one.", min = "0", max = "65535")
    int rel__tgt__id() default 0;

    @AttributeDefinition(name = "mode", description = "vn2vn: FIP VN2VN, the VN_Port claims its own port ID "
            + "among its neighbours; fabric: the VN_Port logs in to an FCF (FIP discovery, FLOGI, keep-alives).",
            options = {@org.osgi.service.metatype.annotations.Option(value = "vn2vn"),
                @org.osgi.service.metatype.annotations.Option(value = "fabric")})
    String mode() default "vn2vn";

    @AttributeDefinition(name = "max_burst_size", description = "The most data-out one FCP_XFER_RDY asks "
            + "for, in bytes (FCP-4 maximum burst size): a write's data comes in bursts of this size, each asked "
            + "for when the one before is in; at least one frame of the receive data field size (PLOGI), at most "
            + "65535 of them (one sequence); 0: the whole transfer at once.", min = "0")
    int max__burst__size() default LocalPort.DEFAULT_MAX_BURST;

    @AttributeDefinition(name = "pcap", description = "File every frame sent and received is written to "
            + "(pcap, for tshark; a capture already in the file is continued); empty: none.")
    String pcap() default "";
}
