package io.quiver.core.impl.target;

import io.quiver.scsi.AdditionalSense;
import io.quiver.spi.cluster.ReservationStore;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's target ports as the cluster knows them: their relative target port ids come from the cluster's
 * store ({@link ReservationStore#relativeTargetPortId}), unique across the nodes, and the node publishes them
 * for the other nodes' REPORT TARGET PORT GROUPS. A target registers with a local id at once (registration must
 * not wait for ZooKeeper); the cluster's id replaces it on the core's cluster-ports thread as soon as the
 * store answers, and the target's nexuses are told INQUIRY DATA HAS CHANGED (VPD 83h names the port). Until
 * the store is connected {@code cluster_mode} devices are fenced anyway.
 *
 * <p>Thread-safe. The store's blocking calls run on the cluster-ports thread, which ends when idle.
 */
final class ClusterTargetPorts {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTargetPorts.class);

    private final TargetCore core;
    private final TargetPorts targets;
    private final ExecutorService thread;

    ClusterTargetPorts(TargetCore core, TargetPorts targets) {
        this.core = core;
        this.targets = targets;
        this.thread = IdleEndingThread.named(() -> "quiver-cluster-ports");
    }

    /** A target registered or the store came: take the cluster's ids (asynchronously), then publish them. */
    void changed() {
        ReservationStore store = core.clusterStore();
        if (store != null) {
            publish(store);
            thread.execute(() -> adopt(store));
        }
    }

    private void adopt(ReservationStore store) {
        boolean renumbered = false;
        for (CoreTarget t : List.copyOf(targets.all())) {
            int id;
            try {
                id = store.relativeTargetPortId(t.name(), t.requestedPortId());
            } catch (IOException e) {
                LOG.warn("Cluster: target {} keeps relative target port id {}: {}", t.name(), t.relativeTargetPortId(),
                        e.toString());
                continue;
            } catch (IllegalStateException e) {
                LOG.error("Cluster: target {}: {}; PR and ALUA across nodes cannot tell its port from the other's",
                        t.name(), e.getMessage());
                continue;
            }
            int before = t.relativeTargetPortId();
            boolean changed;
            synchronized (core) {
                changed = id > 0 && targets.renumber(t, id);
            }
            if (changed) {
                renumbered = true;
                LOG.info("Cluster: target {} has relative target port id {} (was {})", t.name(), id, before);
                t.sessions().forEach(s -> s.raiseOnAllLuns(AdditionalSense.INQUIRY_DATA_HAS_CHANGED));
            } else if (id > 0 && id != before) {
                LOG.error("Cluster: target {} cannot take relative target port id {}: another target port of this "
                        + "node has it", t.name(), id);
            }
        }
        if (renumbered && core.clusterStore() == store) {
            publish(store);
        }
    }

    private void publish(ReservationStore store) {
        store.publishTargetPorts(targets.all().stream().map(CoreTarget::relativeTargetPortId)
                .collect(Collectors.toSet()));
    }
}
