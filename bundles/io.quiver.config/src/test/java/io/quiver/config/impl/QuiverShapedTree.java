package io.quiver.config.impl;

import static io.quiver.testing.TreeDtos.configured;
import static io.quiver.testing.TreeDtos.withDefault;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.testing.InMemoryManagementTree;
import io.quiver.testing.ObjectType;
import io.quiver.testing.TreeDtos;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory tree with the handlers, drivers and attributes of Quiver's default distribution (copied from
 * their Metatype: vdisk_fileio, vdisk_blockio, vdisk_nullio, vcdrom, ramdisk; iscsi, whose targets a file
 * creates, and scst_local, whose targets code opens), so that SCST files are checked and applied against the
 * shape they meet in production. The core's ALUA attributes carry OSGi's dotted names ({@code group.id},
 * from the Metatype method {@code group_id()}), as in the real tree. {@link #withCoreAttribute} adds a top-level attribute such as
 * {@code setup_id}, as the tree will have once the core offers it.
 */
final class QuiverShapedTree {

    private static final String S = AttributeDTO.STRING;
    private static final String I = AttributeDTO.INTEGER;
    private static final String L = AttributeDTO.LONG;
    private static final String B = AttributeDTO.BOOLEAN;
    private static final String STRINGS = "String[]";

    private QuiverShapedTree() {
    }

    static InMemoryManagementTree create() {
        InMemoryManagementTree tree = new InMemoryManagementTree();
        tree.add("/sessions", "collection");
        handler(tree, "vdisk_fileio", true, configured("filename", S, null), withDefault("size", L, "0"),
                withDefault("blocksize", I, "512"), withDefault("read_only", B, "false"), withDefault("write_through", B, "false"),
                withDefault("nv_cache", B, "false"), withDefault("o_direct", B, "false"), withDefault("thin_provisioned", B, "false"),
                withDefault("inline_memory_io", B, "true"), withDefault("rotational", B, "true"), withDefault("threads_num", I, "2"));
        handler(tree, "vdisk_blockio", true, configured("filename", S, null), withDefault("blocksize", I, "512"),
                withDefault("read_only", B, "false"), withDefault("write_through", B, "false"), withDefault("nv_cache", B, "false"),
                withDefault("thin_provisioned", B, "false"), withDefault("rotational", B, "true"), withDefault("threads_num", I, "2"));
        handler(tree, "vdisk_nullio", true, withDefault("size", L, "1099511627776"), withDefault("blocksize", I, "512"),
                withDefault("read_only", B, "false"), withDefault("rotational", B, "false"), withDefault("removable", B, "false"),
                withDefault("threads_num", I, "0"));
        handler(tree, "vcdrom", true, withDefault("filename", S, ""), withDefault("threads_num", I, "2"));
        handler(tree, "ramdisk", false, withDefault("size", L, "0"), withDefault("blocksize", I, "512"));
        ObjectType lun = type("lun", "io.quiver.core.lun", configured("device", S, null), withDefault("read_only", B, "false"));
        ObjectType group = type("group", "io.quiver.core.group", configured("initiators", STRINGS, null)).collection("luns", lun);
        tree.creatable("/targets/iscsi", "driver", type("target", "io.quiver.transport.iscsi.target",
                withDefault("enabled", B, "true"), TreeDtos.secret("IncomingUser", STRINGS), TreeDtos.secret("OutgoingUser", S),
                withDefault("TargetAlias", S, ""), withDefault("portal_group_tag", I, "1"), withDefault("rel_tgt_id", I, "0"),
                configured("allowed_portal", STRINGS, null), withDefault("per_portal_acl", B, "false"),
                withDefault("QueuedCommands", I, "32"), withDefault("HeaderDigest", S, "CRC32C,None"),
                withDefault("DataDigest", S, "CRC32C,None"), withDefault("InitialR2T", B, "false"), withDefault("ImmediateData", B, "true"),
                withDefault("MaxRecvDataSegmentLength", I, "1048576"), withDefault("MaxBurstLength", I, "1048576"),
                withDefault("FirstBurstLength", I, "65536"), withDefault("MaxOutstandingR2T", I, "32"),
                withDefault("DefaultTime2Wait", I, "2"), withDefault("DefaultTime2Retain", I, "0"))
                .collection("ini_groups", group).collection("luns", lun).collection("sessions", null));
        tree.add("/targets/scst_local", "driver");
        tree.creatable("/alua/device_groups", "collection", type("alua_device_group", "io.quiver.core.alua.device_group",
                configured("devices", STRINGS, null), configured("target.groups", STRINGS, null),
                withDefault("logical.unit.group", I, "0")));
        tree.creatable("/alua/target_groups", "collection", type("alua_target_group", "io.quiver.core.alua.target_group",
                configured("group.id", I, null), withDefault("state", S, "active/optimized"), withDefault("preferred", B, "false"),
                configured("relative.target.ports", "Integer[]", null), configured("targets", STRINGS, null)));
        return tree;
    }

    /** The tree with a writable top-level attribute (the core's {@code setup_id}, say). */
    static InMemoryManagementTree withCoreAttribute(String name, String type, String defaultValue) {
        InMemoryManagementTree tree = create();
        tree.stored("/").attributes.add(withDefault(name, type, defaultValue));
        return tree;
    }

    /** A handler with its own attributes and, where {@code identity}, the identity attributes every vdisk has. */
    private static void handler(InMemoryManagementTree tree, String name, boolean identity, AttributeDTO... own) {
        List<AttributeDTO> all = new ArrayList<>(List.of(own));
        if (identity) {
            for (String id : List.of("t10_vend_id", "t10_dev_id", "usn", "eui64_id", "naa_id", "prod_id")) {
                all.add(withDefault(id, S, ""));
            }
        }
        tree.creatable("/handlers/" + name, "handler", type("device", "io.quiver.handler." + name, all.toArray(AttributeDTO[]::new)));
    }

    private static ObjectType type(String kind, String factoryPid, AttributeDTO... attributes) {
        return new ObjectType(kind, factoryPid, attributes).runtime(TreeDtos.runtime("state", S, "active"));
    }
}
