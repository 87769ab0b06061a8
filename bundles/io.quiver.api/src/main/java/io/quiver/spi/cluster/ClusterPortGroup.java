package io.quiver.spi.cluster;

import java.util.Set;

/**
 * One node's target port group as the cluster sees it for one {@code cluster_mode} device: every node
 * puts all its target ports in one group, whose id the cluster allocated (unique among the nodes), and one
 * node at a time owns the device (active/optimized there). A node that is gone (its session with the
 * coordination service ended) keeps its group, with the ports it last published, as not {@code live}:
 * the other nodes report it offline rather than dropping it. Immutable.
 *
 * @param node the node's id
 * @param id the TARGET PORT GROUP, 1..65535, the same for the node on every node's view
 * @param relativeTargetPorts the node's relative target port identifiers
 * @param owner whether the node currently owns the device
 * @param live whether the node's session is alive (since 0.3.0)
 */
public record ClusterPortGroup(String node, int id, Set<Integer> relativeTargetPorts, boolean owner, boolean live) {

    public ClusterPortGroup {
        relativeTargetPorts = Set.copyOf(relativeTargetPorts);
    }

    /** A live node's group (the only kind before 0.3.0). */
    public ClusterPortGroup(String node, int id, Set<Integer> relativeTargetPorts, boolean owner) {
        this(node, id, relativeTargetPorts, owner, true);
    }
}
