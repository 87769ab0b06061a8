/**
 * The cluster SPI: what a coordination bundle (io.quiver.cluster, on Apache ZooKeeper) supplies so that the
 * core can serve {@code cluster_mode} devices from several Quiver nodes over shared storage, as SCST does with
 * the kernel's DLM. The core keeps interpreting SCSI (PR, SPC-2 reservations, unit attentions); this package
 * only moves its encoded per-device reservation state between nodes, by compare-and-set, tells the core
 * when the node is cut off from the cluster (fencing) and (since 0.2.0) lends it a cluster-wide lock per
 * device for commands that must be atomic across nodes (COMPARE AND WRITE), and the nodes' target port
 * groups with each device's owner, so that every node answers REPORT TARGET PORT GROUPS alike (ALUA across
 * nodes). Since 0.3.0 the cluster also allocates relative target port identifiers unique across its nodes
 * and keeps a gone node's target port group (reported offline). Since 0.4.0 the first node to serve a device
 * after none did lets the core drop what a power loss drops (registrations without APTPL).
 *
 * <p>{@link io.quiver.spi.cluster.ReservationStore} is {@code @ConsumerType}: implemented by the cluster bundle,
 * used by the core. Without a registered store, devices without {@code cluster_mode} behave as before (local
 * state, APTPL file) and {@code cluster_mode} devices refuse media access (NOT READY) until one appears.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.4.0")
package io.quiver.spi.cluster;
