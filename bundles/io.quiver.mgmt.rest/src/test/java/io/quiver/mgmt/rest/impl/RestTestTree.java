package io.quiver.mgmt.rest.impl;

import static io.quiver.testing.TreeDtos.runtime;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.CommandDTO;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.testing.InMemoryManagementTree;
import io.quiver.testing.ObjectType;
import io.quiver.testing.TreeDtos;
import java.util.Map;

/**
 * The tree the resource tests share: handler {@code vdisk_nullio} whose devices have a size, a secret and
 * a multi-valued attribute, one device {@code disk1} with a command and statistics, and {@code /sessions}.
 * Its log starts empty.
 */
final class RestTestTree {

    static final ObjectType NULLIO_DEVICE = new ObjectType("device", "io.quiver.handler.nullio",
            TreeDtos.withDefault("size", AttributeDTO.LONG, "0"), TreeDtos.secret("password", AttributeDTO.STRING),
            TreeDtos.configured("tags", "String[]", null));

    private RestTestTree() {
    }

    static InMemoryManagementTree create() {
        InMemoryManagementTree tree = new InMemoryManagementTree();
        tree.add("/sessions", "collection");
        tree.creatable("/handlers/vdisk_nullio", "handler", NULLIO_DEVICE);
        NodeDTO disk = tree.stored(tree.create("/handlers/vdisk_nullio", "disk1", Map.of("size", "1048576")));
        disk.commands.add(CommandDTO.of("reset_statistics", "Set the statistics counters to zero."));
        tree.answer("reset_statistics", "statistics reset");
        statistics(disk, "7", "<2:3,<64:4");
        tree.clearLog();
        return tree;
    }

    /** The statistics attributes the core gives devices, targets and sessions. */
    static NodeDTO statistics(NodeDTO n, String commands, String latency) {
        n.attributes.add(runtime("commands", AttributeDTO.LONG, commands));
        n.attributes.add(runtime("read_bytes", AttributeDTO.LONG, "4096"));
        n.attributes.add(runtime("write_bytes", AttributeDTO.LONG, "0"));
        n.attributes.add(runtime("errors", AttributeDTO.LONG, "1"));
        n.attributes.add(runtime("latency_us", AttributeDTO.STRING, latency));
        n.attributes.add(runtime("latency_sum_us", AttributeDTO.LONG, "250"));
        return n;
    }
}
