package io.quiver.cluster.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The node's cluster configuration, PID {@code io.quiver.cluster} ({@code etc/io.quiver.cluster.cfg}); a double
 * underscore in a method name is an underscore in the property name (OSGi DS name mapping).
 */
@ObjectClassDefinition(name = "Quiver cluster", description = "How this node joins the ZooKeeper ensemble that "
        + "keeps the reservation state of cluster_mode devices. Without this configuration nothing changes.")
public @interface ClusterConfig {

    @AttributeDefinition(name = "connect_string", description = "ZooKeeper ensemble, host:port[,host:port...].")
    String connect__string();

    @AttributeDefinition(name = "cluster_id", description = "The cluster's name: the ZooKeeper path "
            + "/quiver/<cluster_id> and the seed of cluster_mode devices' NAA ids and serial numbers. The same on "
            + "every node of one cluster, different between clusters.")
    String cluster__id() default "quiver";

    @AttributeDefinition(name = "node_id", description = "This node's id, unique in the cluster. Empty = the host "
            + "name.")
    String node__id() default "";

    @AttributeDefinition(name = "session_timeout_ms", description = "ZooKeeper session timeout. A node whose "
            + "session expired is taken for dead by its peers.", min = "2000")
    int session__timeout__ms() default 10000;

    @AttributeDefinition(name = "fence_after_ms", description = "How long after losing its connection to "
            + "ZooKeeper this node stops media access to cluster_mode devices (NOT READY, asymmetric access state "
            + "transition). Capped at a third of the session timeout, since ZooKeeper reports the disconnection "
            + "only after up to two thirds of it.", min = "0")
    int fence__after__ms() default 0;

    @AttributeDefinition(name = "ack_margin_ms", description = "How long a reservation change still waits after a "
            + "node that did not acknowledge it lost its session.", min = "0")
    int ack__margin__ms() default 2000;

    @AttributeDefinition(name = "non_owner_state", description = "The asymmetric access state of the target "
            + "port groups of the nodes that do not own a cluster_mode device (the owner's is active/optimized).",
            options = {@Option(label = "active/non-optimized", value = "active/non-optimized"),
                @Option(label = "standby", value = "standby")})
    String non__owner__state() default "active/non-optimized";
}
