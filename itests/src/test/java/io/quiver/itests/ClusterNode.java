package io.quiver.itests;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Quiver node of a cluster test: the shipped distribution unpacked on its own ports, with quiver-cluster
 * booted, {@code etc/io.quiver.cluster.cfg} naming the ensemble, the shipped disk0 turned into a cluster_mode
 * device on the shared file (or removed, for a test that creates disk0 through management) and the default
 * target with rel_tgt_id 0: the cluster allocates its relative target port id, unique across the nodes. LUN 0
 * of the default target names disk0, as shipped. Used by one thread.
 */
final class ClusterNode {

    static final String TARGET = "iqn.2026-11.io.quiver:default";

    final String id;
    final int portBase;
    final UnpackedDistribution distribution;
    private final String zooKeeper;

    /** A node whose disk0 is a cluster_mode vdisk_fileio device on {@code sharedFile}. */
    ClusterNode(String id, int portBase, Path dir, String zooKeeper, Path sharedFile) throws Exception {
        this(id, portBase, dir, zooKeeper);
        Files.writeString(distribution.home().resolve("etc").resolve("io.quiver.handler.fileio-disk0.cfg"),
                "name = disk0\nfilename = " + sharedFile + "\nsize = " + Files.size(sharedFile) + "\ncluster_mode = true\n");
    }

    /**
     * A node without the shipped disk0 (its configuration file deleted): the test creates a device of that
     * name itself, through the REST API or scst.conf, and LUN 0 serves it once it exists.
     */
    ClusterNode(String id, int portBase, Path dir, String zooKeeper) throws Exception {
        this.id = id;
        this.portBase = portBase;
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        this.distribution = UnpackedDistribution.unpack(tarball, dir, System.getProperty("java.home"), portBase);
        Path etc = distribution.home().resolve("etc");
        this.zooKeeper = zooKeeper;
        nonOwnerState("active/non-optimized");
        Files.delete(etc.resolve("io.quiver.handler.fileio-disk0.cfg"));
        Files.writeString(etc.resolve("io.quiver.transport.iscsi.target-default.cfg"),
                "name = " + TARGET + "\nenabled = true\nrel_tgt_id = 0\n"); // 0: allocated through ZooKeeper
        distribution.addBootFeature("quiver-cluster");
    }

    /** Writes etc/io.quiver.cluster.cfg with {@code state} as non_owner_state (Karaf applies a change in place). */
    void nonOwnerState(String state) throws Exception {
        Files.writeString(distribution.home().resolve("etc").resolve("io.quiver.cluster.cfg"), "connect_string = "
                + zooKeeper + "\ncluster_id = itest\nnode_id = " + id + "\nsession_timeout_ms = 6000\nack_margin_ms = 1000\n"
                + "non_owner_state = " + state + "\n");
    }

    void start() throws Exception {
        distribution.start();
        UnpackedDistribution.awaitListening(iscsiPort());
    }

    /** The port of the node's web server (REST API, Web Console). */
    int httpPort() {
        return portBase;
    }

    int iscsiPort() {
        return portBase + 2;
    }

    String url() {
        return "iscsi://127.0.0.1:" + iscsiPort() + "/" + TARGET + "/0";
    }

    /** Sends {@code signal} (STOP, CONT) to the node's JVM. */
    void signal(String signal) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, String.valueOf(distribution.pid())).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " of node " + id + " failed");
        }
    }

    /** kill -9 of the node's JVM. */
    void kill() throws Exception {
        long pid = distribution.pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
    }
}
