package io.quiver.spi.cluster;

import java.util.Set;

/**
 * One live node's target port group as the cluster sees it for one {@code cluster_mode} device: every node
 * puts all its target ports in one group, whose id the cluster allocated (unique among the nodes), and one
 * node at a time owns the device (active/optimized there). Immutable.
 *
 * @param node the node's id
 * @param id the TARGET PORT GROUP, 1..65535, the same for the node on every node's view
 * @param relativeTargetPorts the node's relative target port identifiers
 * @param owner whether the node currently owns the device
 */
public record ClusterPortGroup(String node, int id, Set<Integer> relativeTargetPorts, boolean owner) {

    public ClusterPortGroup {
        relativeTargetPorts = Set.copyOf(relativeTargetPorts);
    }
}
