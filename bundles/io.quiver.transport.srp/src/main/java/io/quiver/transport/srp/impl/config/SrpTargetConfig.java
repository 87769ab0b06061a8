package io.quiver.transport.srp.impl.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of one ib_srpt target port listening through RDMA CM, factory PID
 * {@code io.quiver.transport.srp.target}. Attribute names follow SCST's ib_srpt module parameters where one
 * exists.
 */
@ObjectClassDefinition(name = "Quiver SRP target",
        description = "One SRP target port (SCST ib_srpt) accepting logins through RDMA CM (RoCE, iWARP, IB via IPoIB).")
public @interface SrpTargetConfig {

    @AttributeDefinition(name = "Name", description = "The target's name in the core and in scst.conf.")
    String name();

    @AttributeDefinition(name = "ioc_guid", description = "I/O controller GUID, 16 hex digits, second half of the "
            + "target port id; empty: the RDMA device's node GUID.")
    String ioc__guid() default "";

    @AttributeDefinition(name = "id_ext", description = "Identifier extension, 16 hex digits, first half of the "
            + "target port id; empty: the same as ioc_guid.")
    String id__ext() default "";

    @AttributeDefinition(name = "address", description = "IP address to listen on (0.0.0.0: every RDMA device).")
    String address() default "0.0.0.0";

    @AttributeDefinition(name = "rdma_cm_port", description = "RDMA CM port logins arrive on (ib_srp's dest=ip:port).",
            min = "1", max = "65535")
    int rdma__cm__port() default 5555;

    @AttributeDefinition(name = "srp_max_req_size", description = "Largest initiator-to-target IU accepted at "
            + "login (ib_srp asks 8260 with 8 KiB of immediate data).", min = "64")
    int srp__max__req__size() default 8260;

    @AttributeDefinition(name = "srp_max_rsp_size", description = "Largest target-to-initiator IU (SRP_RSP; sense "
            + "is truncated to fit).", min = "40")
    int srp__max__rsp__size() default 256;

    @AttributeDefinition(name = "srp_sq_size", description = "Request limit granted per channel (credits).", min = "1")
    int srp__sq__size() default 128;

    @AttributeDefinition(name = "multichannel", description = "Whether an I_T nexus may have several RDMA channels.")
    boolean multichannel() default true;

    @AttributeDefinition(name = "max_channels", description = "Most RDMA channels per I_T nexus.", min = "1")
    int max__channels() default 8;

    @AttributeDefinition(name = "max_sessions", description = "Most I_T nexuses at once.", min = "1")
    int max__sessions() default 64;

    @AttributeDefinition(name = "immediate_data", description = "Whether SRP-2 immediate data is granted.")
    boolean immediate__data() default true;

    @AttributeDefinition(name = "send_queue_depth", description = "Send work requests posted at once per channel.",
            min = "1")
    int send__queue__depth() default 1024;

    @AttributeDefinition(name = "rdma_read_depth", description = "RDMA READs in flight per channel (at most the "
            + "device's max_qp_rd_atom).", min = "1")
    int rdma__read__depth() default 16;

    @AttributeDefinition(name = "Enabled", description = "Whether the target listens and accepts logins.")
    boolean enabled() default true;

    @AttributeDefinition(name = "rel_tgt_id", description = "SPC-4 relative target port identifier; 0 lets "
            + "the core assign one.", min = "0", max = "65535")
    int rel__tgt__id() default 0;

    @AttributeDefinition(name = "RDMA provider", description = "Filter selecting the RDMA provider service.")
    String provider_target() default "(rdma.provider=verbs)";
}
