/**
 * The ZooKeeper side of cluster mode (private): the {@link io.quiver.spi.cluster.ReservationStore} on Apache
 * Curator, the node's membership and fencing clock, and the cluster's status in the management tree.
 */
package io.quiver.cluster.impl;
