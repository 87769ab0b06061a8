package io.quiver.itests;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Quiver node of a cluster test: the shipped distribution unpacked on its own ports, with quiver-cluster
 * booted, {@code etc/io.quiver.cluster.cfg} naming the ensemble, the shipped disk0 turned into a cluster_mode
 * device on the shared file and the default target on its own relative target port id. Used by one thread.
 */
final class ClusterNode {

    static final String TARGET = "iqn.2026-11.io.quiver:default";

    final String id;
    final int portBase;
    final int relativeTargetPort;
    final UnpackedDistribution distribution;

    ClusterNode(String id, int portBase, int relativeTargetPort, Path dir, String zooKeeper, Path sharedFile)
            throws Exception {
        this.id = id;
        this.portBase = portBase;
        this.relativeTargetPort = relativeTargetPort;
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        this.distribution = UnpackedDistribution.unpack(tarball, dir, System.getProperty("java.home"), portBase);
        Path etc = distribution.home().resolve("etc");
        Files.writeString(etc.resolve("io.quiver.cluster.cfg"), "connect_string = " + zooKeeper
                + "\ncluster_id = itest\nnode_id = " + id + "\nsession_timeout_ms = 6000\nack_margin_ms = 1000\n");
        Files.writeString(etc.resolve("io.quiver.handler.fileio-disk0.cfg"), "name = disk0\nfilename = " + sharedFile
                + "\nsize = " + Files.size(sharedFile) + "\ncluster_mode = true\n");
        Files.writeString(etc.resolve("io.quiver.transport.iscsi.target-default.cfg"),
                "name = " + TARGET + "\nenabled = true\nrel_tgt_id = " + relativeTargetPort + "\n");
        distribution.addBootFeature("quiver-cluster");
    }

    void start() throws Exception {
        distribution.start();
        UnpackedDistribution.awaitListening(iscsiPort());
    }

    int iscsiPort() {
        return portBase + 2;
    }

    String url() {
        return "iscsi://127.0.0.1:" + iscsiPort() + "/" + TARGET + "/0";
    }

    /** kill -9 of the node's JVM. */
    void kill() throws Exception {
        long pid = distribution.pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
    }
}
