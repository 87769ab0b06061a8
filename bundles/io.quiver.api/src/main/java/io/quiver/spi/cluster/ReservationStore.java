package io.quiver.spi.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The shared home of the reservation state of {@code cluster_mode} devices (SPC-2 holder, PR generation,
 * registrants, reservation, APTPL), one entry per device name, that every node of a cluster reads and changes
 * only by compare-and-set on the entry's version. Registered as an OSGi service by the cluster bundle while
 * it is configured; the core uses at most one.
 *
 * <p>Thread-safe. Methods that talk to the coordination service block (at most about a session timeout) and
 * are never called on an event loop; the core calls them from its reservation thread.
 */
@ConsumerType
public interface ReservationStore {

    /** This node's id in the cluster (unique among the nodes; shown in the management tree). */
    String nodeId();

    /**
     * The cluster's id: the seed the core derives a {@code cluster_mode} device's NAA designator and serial
     * number from, so every node reports the same identity for a device of one name. MUST be the same on
     * every node of a cluster and different between clusters.
     */
    String clusterId();

    /**
     * Whether this node must stop completing media access to {@code cluster_mode} devices: its session with
     * the coordination service was lost, or has been suspended for longer than a deadline shorter than the
     * session timeout (so peers, which take over only after the session expires, never see this node write
     * afterwards). MUST NOT block: the core calls it for every command of such a device.
     */
    boolean fenced();

    /**
     * The ids of the nodes whose sessions are alive, for the management tree (may block briefly; an empty
     * list when the coordination service cannot be reached).
     */
    List<String> liveNodes();

    /**
     * Reads a device's current state.
     *
     * @throws IOException if the coordination service cannot be reached
     */
    SharedState read(String device) throws IOException;

    /**
     * Replaces a device's state if its version is still {@code expectedVersion} ({@link SharedState#ABSENT}:
     * if none exists yet).
     *
     * @return the new version, or {@link SharedState#ABSENT} if another node changed the state first (the
     *         caller re-reads, re-applies and tries again)
     * @throws IOException if the coordination service cannot be reached
     */
    long compareAndSet(String device, long expectedVersion, byte[] data) throws IOException;

    /**
     * Joins this node to the nodes serving {@code device} and delivers every state another node writes to
     * {@code listener} (on a store thread; it may block briefly, e.g. to abort tasks). The node leaves when
     * the returned handle is closed or its session ends.
     */
    AutoCloseable watch(String device, Consumer<SharedState> listener);

    /**
     * Like {@link #watch(String, Consumer)}, and if no node serves {@code device} when this one joins (the
     * logical unit powers on across the cluster: every node had stopped serving it, or the cluster is new),
     * first replaces the device's state by what {@code powerOn} makes of it, atomically with joining: no other
     * node joins in between, so this happens once per power on. The core drops there what SPC-4 does not keep
     * across a power loss (registrations and the reservation without APTPL; SPC-2 reservations). Blocks until
     * joined, waiting for the connection; the core calls it on its reservation thread, never on an event loop.
     *
     * <p>OPTIONAL: the default joins without the power-on step (the state then survives any restart).
     *
     * @param powerOn from the current state's data to the data to write, or {@code null} to keep it; not
     *        called when the device has no state yet
     * @since 0.4.0
     */
    default AutoCloseable watch(String device, Consumer<SharedState> listener, UnaryOperator<byte[]> powerOn) {
        return watch(device, listener);
    }

    /** Tells the writer of {@code version} of {@code device}'s state that this node has applied it. */
    void acknowledge(String device, long version);

    /**
     * Waits until every other node serving {@code device} has {@linkplain #acknowledge acknowledged}
     * {@code version}, or has lost its session and a safety margin has passed since.
     *
     * @return {@code false} if {@code timeout} passed first
     * @throws IOException if the coordination service cannot be reached
     */
    boolean awaitAcknowledged(String device, long version, Duration timeout) throws IOException, InterruptedException;

    /**
     * Takes the cluster-wide lock of {@code device}, which at most one holder on all nodes has at a time: the
     * core holds it around a command that must be atomic across nodes (COMPARE AND WRITE's read, compare and
     * write). Not reentrant; the returned handle may be closed on any thread, and the lock is also released
     * when this node's session ends. Blocks until held or {@code timeout} passed.
     *
     * <p>OPTIONAL: the default returns a handle that holds nothing (atomic per node only).
     *
     * @return the handle whose {@code close} releases the lock, or {@code null} if {@code timeout} passed
     * @throws IOException if the coordination service cannot be reached
     */
    default AutoCloseable lock(String device, Duration timeout) throws IOException, InterruptedException {
        return () -> { };
    }

    /**
     * The relative target port identifier of this node's target port {@code targetName}, unique across the
     * cluster's nodes and kept by the cluster, so the same node and target get the same id again after a
     * restart: a PR registration names its I_T nexus by relative target port, and REPORT TARGET PORT GROUPS
     * lists every node's ports, so two nodes must never both have port 1. Blocks (a few round trips; waits
     * for the connection); the core calls it on its own thread, never on an event loop. OPTIONAL: the default
     * allocates nothing (the core's local ids stand).
     *
     * @param requested the id the target's configuration asks for, claimed for this node and target; 0 to
     *        have one allocated (the lowest free one)
     * @return the id, or 0 if this store does not allocate ids
     * @throws IOException if the coordination service cannot be reached
     * @throws IllegalStateException if {@code requested} belongs to another node or target
     * @since 0.3.0
     */
    default int relativeTargetPortId(String targetName, int requested) throws IOException {
        return 0;
    }

    /**
     * Publishes this node's relative target port identifiers (all its target ports, one target port group)
     * for the other nodes' REPORT TARGET PORT GROUPS; replaces what was published before. MUST NOT block.
     * OPTIONAL: the default publishes nothing.
     */
    default void publishTargetPorts(Set<Integer> relativeTargetPorts) {
    }

    /**
     * The target port groups of the cluster's nodes, in target port group order, with {@code device}'s
     * current owner marked and the groups of nodes that are gone marked not live (since 0.3.0; before, they
     * were left out); empty without cluster-wide ALUA or while the owner is not known. The same on every node once the
     * coordination service's notifications arrived. MUST NOT block (a cached view). OPTIONAL.
     */
    default List<ClusterPortGroup> portGroups(String device) {
        return List.of();
    }

    /**
     * The asymmetric access state (SPC-4 code: 1 active/non-optimized, 2 standby) of the target port groups of
     * nodes that do not own a device; the owner's is active/optimized. OPTIONAL.
     */
    default int nonOwnerAccessState() {
        return 1;
    }

    /**
     * Calls {@code changed} (on a store thread) whenever {@link #portGroups} may answer differently: a node's
     * ports or session, a device's owner. Closing the handle stops the calls. OPTIONAL.
     */
    default AutoCloseable watchPortGroups(Runnable changed) {
        return () -> { };
    }
}
