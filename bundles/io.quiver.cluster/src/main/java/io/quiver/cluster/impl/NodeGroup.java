package io.quiver.cluster.impl;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One node's target port group as read from ZooKeeper: from its ephemeral {@code ports/<node>} znode while the
 * node lives ({@code "group:port,port"}), or from its persistent {@code groups/<node>-<sequence>} znode (the ports
 * it last published) once it is gone. Immutable.
 *
 * @param node the node's id
 * @param id the target port group id (0 while unknown)
 * @param ports the node's relative target port ids
 * @param live whether the node's session is alive
 */
record NodeGroup(String node, int id, Set<Integer> ports, boolean live) {

    NodeGroup {
        ports = Set.copyOf(ports);
    }

    /** The data of both znodes: {@code "group:port,port"}. */
    static byte[] encode(int id, Set<Integer> ports) {
        return (id + ":" + ports.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")))
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A live node's group from {@code ports/<segment>}. */
    static NodeGroup live(String segment, byte[] data) {
        return parse(URLDecoder.decode(segment, StandardCharsets.UTF_8), data, true, -1);
    }

    /** A group from {@code groups/<segment>-<sequence>}: its id is the sequence + 1, whatever the data says. */
    static NodeGroup persisted(String child, byte[] data) {
        int dash = child.lastIndexOf('-');
        String node = URLDecoder.decode(child.substring(0, dash), StandardCharsets.UTF_8);
        return parse(node, data, false, Integer.parseInt(child.substring(dash + 1)) + 1);
    }

    private static NodeGroup parse(String node, byte[] data, boolean live, int id) {
        String text = new String(data == null ? new byte[0] : data, StandardCharsets.US_ASCII);
        int colon = text.indexOf(':');
        int group = id >= 0 ? id : colon > 0 ? Integer.parseInt(text.substring(0, colon)) : 0;
        Set<Integer> ports = colon < 0 || colon == text.length() - 1 ? Set.of()
                : Arrays.stream(text.substring(colon + 1).split(",")).map(Integer::valueOf).collect(Collectors.toSet());
        return new NodeGroup(node, group, ports, live);
    }
}
