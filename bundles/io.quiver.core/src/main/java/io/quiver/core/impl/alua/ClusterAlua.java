package io.quiver.core.impl.alua;

import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.spi.cluster.ClusterPortGroup;
import io.quiver.spi.cluster.ReservationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ALUA configuration of a {@code cluster_mode} unit, made from the cluster's store instead of the
 * target/device group configurations: one target port group per node (all its target ports, the id
 * the cluster allocated), the device's owner active/optimized (PREF set), the other live ones in the store's
 * non-owner state, the gone ones offline, one device group. Every node builds the same snapshot from the same shared view, so
 * REPORT TARGET PORT GROUPS answers alike through every node. A change of the view (owner died, node
 * joined) is handed to the service, which raises ASYMMETRIC ACCESS STATE CHANGED where a nexus' view
 * changed.
 *
 * <p>Thread-safe: readers take the volatile snapshot; rebuilds run on the store's thread.
 */
final class ClusterAlua {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterAlua.class);

    private final LogicalUnitContext context;
    private final BiConsumer<AluaConfiguration, AluaConfiguration> changed;
    private ReservationStore watched;
    private AutoCloseable watch;
    private volatile AluaConfiguration current = AluaConfiguration.EMPTY;

    /** @param changed told of every change of the snapshot (before, after) */
    ClusterAlua(LogicalUnitContext context, BiConsumer<AluaConfiguration, AluaConfiguration> changed) {
        this.context = context;
        this.changed = changed;
    }

    /** The unit's cluster snapshot, or {@code null} if the unit has none (not cluster_mode, no store yet). */
    AluaConfiguration configuration() {
        ReservationStore store = context.clusterStore();
        if (store == null) {
            return null;
        }
        if (store != watched) {
            subscribe(store);
        }
        AluaConfiguration c = current;
        return c.deviceGroups().isEmpty() ? null : c;
    }

    private synchronized void subscribe(ReservationStore store) {
        if (store == watched) {
            return;
        }
        close();
        watched = store;
        watch = store.watchPortGroups(this::rebuild);
        rebuild();
    }

    /** Re-reads the store's view; tells the service if the snapshot changed. */
    synchronized void rebuild() {
        ReservationStore store = watched;
        if (store == null) {
            return;
        }
        AluaConfiguration before = current;
        AluaConfiguration after = build(context.deviceName(), store);
        current = after;
        // The first view is no change of state a nexus saw (before it the unit reported no ALUA at all).
        if (!before.deviceGroups().isEmpty() && !before.targetGroups().equals(after.targetGroups())) {
            changed.accept(before, after);
        }
    }

    static AluaConfiguration build(String device, ReservationStore store) {
        List<ClusterPortGroup> groups = store.portGroups(device);
        if (groups.isEmpty()) {
            return AluaConfiguration.EMPTY;
        }
        AccessState others = AccessState.fromCode(store.nonOwnerAccessState());
        List<TargetPortGroup> targetGroups = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ClusterPortGroup g : groups) {
            String name = "node:" + g.node();
            names.add(name);
            targetGroups.add(new TargetPortGroup(name, g.id(), state(g, others), g.owner(), g.relativeTargetPorts(),
                    Set.of(), 0));
        }
        return new AluaConfiguration(targetGroups,
                List.of(new DeviceGroup("cluster:" + device, Set.of(device), names, 0)));
    }

    /**
     * A gone node's group is offline (SPC-4 5.15.2.4.7: its ports cannot be accessed and cannot answer any
     * command, not even REPORT TARGET PORT GROUPS); unavailable would promise ports that still answer a few
     * commands, which a dead node's do not.
     */
    static AccessState state(ClusterPortGroup g, AccessState nonOwner) {
        return !g.live() ? AccessState.OFFLINE : g.owner() ? AccessState.ACTIVE_OPTIMIZED : nonOwner;
    }

    synchronized void close() {
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.debug("closing a port group watch failed", e);
            }
        }
        watch = null;
        watched = null;
    }
}
