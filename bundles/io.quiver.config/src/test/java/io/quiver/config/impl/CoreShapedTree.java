package io.quiver.config.impl;

import static io.quiver.testing.TreeDtos.configured;
import static io.quiver.testing.TreeDtos.withDefault;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.testing.InMemoryManagementTree;
import io.quiver.testing.ObjectType;
import io.quiver.testing.TreeDtos;

/**
 * An in-memory tree shaped like the core's for the config tool's tests: handlers {@code vdisk_fileio} and
 * {@code vdisk_nullio} (whose {@code dev_type} can only be given at creation), driver {@code iscsi} with
 * targets holding LUNs, initiator groups (with their LUNs) and sessions, and the ALUA device and target
 * groups; every object also shows the runtime value {@code registered}.
 */
final class CoreShapedTree {

    private static final String STRINGS = "String[]";

    private CoreShapedTree() {
    }

    static InMemoryManagementTree create() {
        InMemoryManagementTree tree = new InMemoryManagementTree();
        tree.add("/sessions", "collection");
        tree.creatable("/handlers/vdisk_fileio", "handler", type("device", "fake.vdisk_fileio",
                configured("filename", AttributeDTO.STRING, null), withDefault("size", AttributeDTO.LONG, "0"),
                withDefault("blocksize", AttributeDTO.INTEGER, "512"), withDefault("read_only", AttributeDTO.BOOLEAN, "false"),
                withDefault("t10_vend_id", AttributeDTO.STRING, "")));
        AttributeDTO devType = withDefault("dev_type", AttributeDTO.INTEGER, "0");
        devType.writable = false;
        tree.creatable("/handlers/vdisk_nullio", "handler", type("device", "fake.vdisk_nullio",
                withDefault("size", AttributeDTO.LONG, "1099511627776"), withDefault("blocksize", AttributeDTO.INTEGER, "512"), devType));
        ObjectType lun = type("lun", "fake.luns", configured("device", AttributeDTO.STRING, null),
                withDefault("read_only", AttributeDTO.BOOLEAN, "false"));
        ObjectType group = type("group", "fake.ini_groups", configured("initiators", STRINGS, null)).collection("luns", lun);
        tree.creatable("/targets/iscsi", "driver", type("target", "fake.iscsi", withDefault("enabled", AttributeDTO.BOOLEAN, "true"),
                withDefault("QueuedCommands", AttributeDTO.INTEGER, "32"), configured("allowed_portal", STRINGS, null),
                TreeDtos.secret("IncomingUser", STRINGS))
                .collection("ini_groups", group).collection("luns", lun).collection("sessions", null));
        tree.creatable("/alua/device_groups", "collection", type("device_group", "fake.device_groups",
                configured("devices", STRINGS, null), configured("target_groups", STRINGS, null)));
        tree.creatable("/alua/target_groups", "collection", type("target_group", "fake.target_groups",
                configured("group_id", AttributeDTO.INTEGER, null), withDefault("state", AttributeDTO.STRING, "active/optimized"),
                configured("targets", STRINGS, null)));
        return tree;
    }

    static ObjectType type(String kind, String factoryPid, AttributeDTO... attributes) {
        return new ObjectType(kind, factoryPid, attributes).runtime(TreeDtos.runtime("registered", AttributeDTO.BOOLEAN, "true"));
    }
}
