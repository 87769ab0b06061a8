package io.quiver.cluster.impl;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The cluster's ZooKeeper layout under {@code /quiver/<cluster_id>}:
 * <pre>
 *   nodes/&lt;node&gt;                         ephemeral: the node is alive (its session is)
 *   devices/&lt;device&gt;/state               persistent: the core's encoded reservation state; its data
 *                                         version is the compare-and-set version
 *   devices/&lt;device&gt;/members/&lt;node&gt;      ephemeral: the node serves the device (watches its state)
 *   devices/&lt;device&gt;/acks/&lt;version&gt;/&lt;node&gt; ephemeral under containers: the node applied that version
 *   ports/&lt;node&gt;                         ephemeral: "group:port,port" the node's target port group id and ports
 *   groups/&lt;node&gt;-&lt;sequence&gt;             persistent sequential: the node's target port group id is sequence + 1;
 *                                         its data the ports the node last published (kept when it dies)
 *   relative_target_ports/&lt;id&gt;            persistent: "node\ntarget", the target port that id belongs to
 *   devices/&lt;device&gt;/owner/...            Curator's LeaderLatch: the device's owner (active/optimized)
 *   devices/&lt;device&gt;/lock/...             Curator's InterProcessSemaphoreMutex: the device's cluster-wide lock
 * </pre>
 * Names are URL-encoded so any device or node name is one path segment. Immutable.
 */
record ClusterPaths(String root) {

    static ClusterPaths of(String clusterId) {
        return new ClusterPaths("/quiver/" + segment(clusterId));
    }

    String nodes() {
        return root + "/nodes";
    }

    String node(String nodeId) {
        return nodes() + "/" + segment(nodeId);
    }

    String devices() {
        return root + "/devices";
    }

    String state(String device) {
        return devices() + "/" + segment(device) + "/state";
    }

    String members(String device) {
        return devices() + "/" + segment(device) + "/members";
    }

    String member(String device, String nodeId) {
        return members(device) + "/" + segment(nodeId);
    }

    String acks(String device, long version) {
        return devices() + "/" + segment(device) + "/acks/" + version;
    }

    String ack(String device, long version, String nodeId) {
        return acks(device, version) + "/" + segment(nodeId);
    }

    String ports() {
        return root + "/ports";
    }

    String ports(String nodeId) {
        return ports() + "/" + segment(nodeId);
    }

    String groups() {
        return root + "/groups";
    }

    String relativeTargetPorts() {
        return root + "/relative_target_ports";
    }

    String owner(String device) {
        return devices() + "/" + segment(device) + "/owner";
    }

    /** The lock under which a node joins a device's members (the first one applies the power-on step). */
    String join(String device) {
        return devices() + "/" + segment(device) + "/join";
    }

    String lock(String device) {
        return devices() + "/" + segment(device) + "/lock";
    }

    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
